package io.zeroio.protocol.http.middleware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** {@code reference.conf}'s {@code zero-io.http.middleware} equals the builders' defaults; bad values name their key. */
class MiddlewareConfigTest {
    private static final Config REFERENCE = ConfigFactory.parseResources("reference.conf").resolve();

    @Test
    void referenceConfMatchesTheBuilderDefaults() {
        final ZeroCompressionLayer conf = ZeroCompressionLayer.fromConfig(REFERENCE);
        final ZeroCompressionLayer built = ZeroCompressionLayer.defaults();
        assertEquals(built.threshold(), conf.threshold());
        assertEquals(1024, conf.threshold());
        assertEquals(built.level(), conf.level());
        assertEquals(built.maxBody(), conf.maxBody());
        assertEquals(built.encodings(), conf.encodings());
        assertEquals(built.contentTypes(), conf.contentTypes());

        final ZeroTraceLayer trace = ZeroTraceLayer.fromConfig(REFERENCE, null);
        final ZeroTraceLayer traceBuilt = ZeroTraceLayer.defaults();
        assertEquals(traceBuilt.requestsMetric(), trace.requestsMetric());
        assertEquals(traceBuilt.latencyMetric(), trace.latencyMetric());
        assertEquals(traceBuilt.defaultRoute(), trace.defaultRoute());
        assertEquals(0, trace.logEvery());
        assertEquals(traceBuilt.logHeaders(), trace.logHeaders());
        assertEquals(traceBuilt.loggerName(), trace.loggerName());

        final ZeroNormalizePathLayer path = ZeroNormalizePathLayer.fromConfig(REFERENCE);
        assertEquals(ZeroNormalizePathLayer.defaults().trailingSlash(), path.trailingSlash());
        assertEquals(ZeroNormalizePathLayer.defaults().decodeUnreserved(), path.decodeUnreserved());

        assertEquals(ZeroSensitiveHeadersLayer.defaults().names().names(),
            ZeroSensitiveHeadersLayer.fromConfig(REFERENCE).names().names());
        assertEquals(6 + 5 + 2 + 1, REFERENCE.getConfig("zero-io.http.middleware").entrySet().size(),
            "a key in reference.conf that no middleware reads");
    }

    @Test
    void badValuesThrowTheTypedExceptionNamingTheKey() {
        assertKey("zero-io.http.middleware.compression.threshold", "compression.threshold = lots");
        assertKey("zero-io.http.middleware.compression.level", "compression.level = 0");
        assertKey("zero-io.http.middleware.compression.max-body", "compression.max-body = 1 GiB");
        assertKey("zero-io.http.middleware.compression.encodings", "compression.encodings = [br]");
        assertKey("zero-io.http.middleware.compression.content-types", "compression.content-types = text");
        final MiddlewareConfigException missing = assertThrows(MiddlewareConfigException.class,
            () -> ZeroCompressionLayer.fromConfig(ConfigFactory.empty()));
        assertEquals("zero-io.http.middleware.compression", missing.key());
    }

    private static void assertKey(String key, String setting) {
        final Config bad = ConfigFactory.parseString("zero-io.http.middleware." + setting).withFallback(REFERENCE);
        final MiddlewareConfigException e = assertThrows(MiddlewareConfigException.class, () -> ZeroCompressionLayer.fromConfig(bad));
        assertEquals(key, e.key(), e.getMessage());
    }
}
