package io.zeroio.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.typesafe.config.ConfigFactory;

import io.zeroio.runtime.shard.BackendKind;

/** reference.conf defaults, and bad values failing with the key and the allowed values. */
class SettingsTest {

    private static ZeroIoSettings parse(String overrides) {
        return ZeroIoSettings.from(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()));
    }

    @Test
    void referenceConfDefaults() {
        final ZeroIoSettings s = parse("");
        assertEquals(Runtime.getRuntime().availableProcessors(), s.shards(), "0 = one shard per core");
        assertEquals(BackendKind.AUTO, s.backend());
        assertEquals(16, s.prefetch());
        assertEquals(4, s.warningPrefetch());
        assertEquals(1, s.criticalPrefetch());
        assertEquals(60, s.cascade().warningPct());
        assertEquals(2048, s.tiers().get(0).slotSize());
        assertEquals(-1, s.shardConfig("sys", 0).cpu(), "no pinning by default");
        assertEquals(1 % Runtime.getRuntime().availableProcessors(),
            parse("zero-io.pin-cpus = on").shardConfig("sys", 1).cpu(), "pinned: shard i on CPU i");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "zero-io.backend = epoll # zero-io.backend # auto | io-uring | nio",
        "zero-io.wakeup = sleepy # zero-io.wakeup # futex | adaptive | spin",
        "zero-io.shards = -1 # zero-io.shards # 0..1024",
        "zero-io.tx-queue-depth = 12 # zero-io.tx-queue-depth # power of two",
        "zero-io.cascade.critical = 50 # zero-io.cascade.critical # 61..100",
        "zero-io.streams.warning-prefetch = 32 # zero-io.streams.warning-prefetch # 1..16",
        "zero-io.pools = [] # zero-io.pools # at least one tier",
        "zero-io.pools = [{slot-size = 10}] # zero-io.pools[0].slot-size # 64..",
        "zero-io.pin-cpus = maybe # zero-io.pin-cpus # on | off",
        "zero-io.shutdown.drain-timeout = soon # zero-io.shutdown.drain-timeout # duration",
    })
    void badValuesNameTheKeyAndTheAllowedValues(String conf, String key, String allowed) {
        final ZeroIoConfigException e = assertThrows(ZeroIoConfigException.class, () -> parse(conf));
        assertEquals(key, e.key());
        assertTrue(e.getMessage().startsWith(key + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(allowed.trim()), "message lists the allowed values: " + e.getMessage());
    }

    @Test
    void theExtensionFailsAtStartOnBadConfiguration() throws Exception {
        final ActorSystem<Void> system = TestSystems.system("badconf", "zero-io.backend = epoll");
        try {
            final Exception e = assertThrows(Exception.class, () -> ZeroIo.get(system));
            Throwable t = e;
            while (t != null && !(t instanceof ZeroIoConfigException)) {
                t = t.getCause();
            }
            assertTrue(t != null, "a ZeroIoConfigException in the chain: " + e);
            assertTrue(t.getMessage().contains("auto | io-uring | nio"), t.getMessage());
        } finally {
            TestSystems.terminate(system);
        }
    }
}
