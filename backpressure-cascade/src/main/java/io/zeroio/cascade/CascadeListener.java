package io.zeroio.cascade;

/**
 * Told when a {@link BackpressureCascade} changes state.
 *
 * <p>Called synchronously on the shard (owner) thread, from inside
 * {@link BackpressureCascade#update()}, after the new state has been published, once per update that
 * changes the state. A jump that skips states (e.g. HEALTHY straight to DRAIN) is one call with the
 * real {@code from} and {@code to}; the skipped states are never entered.
 *
 * <p>Implementations run on the hot path: they must not block, should not allocate, must not call
 * {@code update}, {@code report}, {@code addListener} or {@code removeListener} on the cascade that is
 * calling them (the cascade throws {@link IllegalStateException} if they do), and should hand slow work
 * (logging, metrics export) to another thread. An exception thrown by a listener propagates out of
 * {@code update()}; listeners after it are not called for that transition, the new state stays
 * published.
 */
@FunctionalInterface
public interface CascadeListener {
    /**
     * The cascade moved from one state to another.
     *
     * @param from the state before this update
     * @param to the state after this update; never equal to {@code from}
     * @param utilisation the utilisation, in percent [0, 100], that caused the move
     */
    void onTransition(CascadeState from, CascadeState to, double utilisation);
}
