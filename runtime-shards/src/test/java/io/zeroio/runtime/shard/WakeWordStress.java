package io.zeroio.runtime.shard;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.ConcurrentLinkedQueue;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * jcstress tests of the {@link WakeWord} three-state protocol between a waker
 * ({@link WakeWord#notifyShard()}) and the shard ({@link WakeWord#trySleep()} / {@link WakeWord#awake()}),
 * as {@code Io.sleepInKernel} and {@code IoHandle.wake} use it.
 */
public final class WakeWordStress {
    private WakeWordStress() {
    }

    /**
     * WakeWords are recycled between states: each one maps native memory (a shared arena) that only
     * {@code close()} frees, and a close is a handshake with every thread. {@code awake()} puts a word
     * back to RUNNING, which is where every state starts.
     */
    private static final ConcurrentLinkedQueue<WakeWord> WORDS = new ConcurrentLinkedQueue<>();

    static WakeWord take() {
        final WakeWord w = WORDS.poll();
        return w != null ? w : new WakeWord();
    }

    static void giveBack(WakeWord w) {
        w.awake();
        if (w.state() == WakeWord.RUNNING) {
            WORDS.offer(w);
        }
    }

    /**
     * No lost wake-up. The shard announces it will block ({@code trySleep}); the waker flags it
     * ({@code notifyShard}, true = "the shard sleeps: wake it in the kernel"). Forbidden: the shard went
     * to sleep and the waker was not told to wake it. The arbiter plays the shard coming back
     * ({@code awake}), which must always find the waker's notification.
     * r1: shard slept; r2: waker must wake the kernel; r3: the notification was there to consume.
     */
    @JCStressTest
    @Description("WakeWord: a shard that goes to sleep is always woken by a concurrent notifyShard()")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "shard slept first; the waker saw SLEEPING and wakes it")
    @Outcome(id = "0, 0, 1", expect = ACCEPTABLE_INTERESTING, desc = "waker first; the shard saw the notification and did not sleep")
    @Outcome(id = "1, 0, .*", expect = FORBIDDEN, desc = "LOST WAKE-UP: the shard sleeps and nobody wakes it")
    @Outcome(id = "0, 1, .*", expect = FORBIDDEN, desc = "spurious kernel wake: the shard never slept")
    @Outcome(id = ".*, .*, 0", expect = FORBIDDEN, desc = "the notification vanished")
    @State
    public static class NoLostWakeup {
        final WakeWord word = take();

        @Actor
        public void shard(III_Result r) {
            r.r1 = word.trySleep() ? 1 : 0;
        }

        @Actor
        public void waker(III_Result r) {
            r.r2 = word.notifyShard() ? 1 : 0;
        }

        @Arbiter
        public void comeBack(III_Result r) {
            r.r3 = word.awake() ? 1 : 0;
            giveBack(word);
        }
    }

    /**
     * Publication: a waker writes work (here a plain field; in the shard, a command-ring record) and
     * then notifies. When the shard's {@code awake()} consumes that notification it must see the work.
     * The shard side is the whole cycle: try to sleep, come back.
     * r1: shard slept; r2: waker must wake the kernel; r3: awake() consumed a notification; r4: work seen.
     */
    @JCStressTest
    @Description("WakeWord: work published before notifyShard() is visible to the shard that consumes the notification")
    @Outcome(id = "0, 0, 1, 1", expect = ACCEPTABLE, desc = "waker first: no sleep, notification and work seen")
    @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "shard slept, was woken, saw the work")
    @Outcome(id = "1, 0, 0, [01]", expect = ACCEPTABLE_INTERESTING, desc = "shard slept and came back on its own before the notification (it stays pending)")
    @Outcome(id = ".*, .*, 1, 0", expect = FORBIDDEN, desc = "notification consumed but the work published before it is not visible")
    @Outcome(expect = FORBIDDEN, desc = "impossible protocol state")
    @State
    public static class PublishThenNotify {
        final WakeWord word = take();
        int work;

        @Actor
        public void shard(IIII_Result r) {
            r.r1 = word.trySleep() ? 1 : 0;
            final boolean notified = word.awake();
            r.r3 = notified ? 1 : 0;
            r.r4 = work;
        }

        @Actor
        public void waker(IIII_Result r) {
            work = 1;
            r.r2 = word.notifyShard() ? 1 : 0;
        }

        @Arbiter
        public void done(IIII_Result r) {
            giveBack(word);
        }
    }
}
