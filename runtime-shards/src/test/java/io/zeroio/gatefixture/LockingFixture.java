package io.zeroio.gatefixture;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Test-only fixture outside the hot-path packages: one of each thing the 0-locks gate forbids, so the
 * gate's own tests can prove every check fires ({@code NoLocksGateTest#theGateCatchesEachViolation}).
 * Never used at run time.
 */
public final class LockingFixture {
    private final Object monitor = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private final BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(1);
    private int counter;

    /** A synchronized block: MONITORENTER/MONITOREXIT in the bytecode, invisible to ArchUnit. */
    public int synchronizedBlock() {
        synchronized (monitor) {
            return ++counter;
        }
    }

    /** A synchronized method: ACC_SYNCHRONIZED. */
    public synchronized int synchronizedMethod() {
        return ++counter;
    }

    /** Object.wait / notify. */
    public void waitAndNotify() throws InterruptedException {
        synchronized (monitor) {
            monitor.notifyAll();
            monitor.wait(1);
        }
    }

    /** java.util.concurrent.locks. */
    public void locks() {
        lock.lock();
        try {
            counter++;
        } finally {
            lock.unlock();
        }
    }

    /** A blocking queue. */
    public boolean blockingQueue() {
        return queue.offer(counter);
    }
}
