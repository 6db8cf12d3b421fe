package io.doriscdc.runtime.internal.ha;

import java.time.Duration;
import java.util.Locale;

/**
 * The rules by which an instance stands by, claims the lease, or ends a walsender. Pure: every input
 * is in the {@link Observation}, every time is PostgreSQL's. Stateless.
 *
 * <p>A lease is free when it was released, when it was not renewed for the lease timeout, or when
 * its holder's lease session is gone while no walsender holds the slot (the holder's process died
 * and PostgreSQL saw its connections close: the fast path after a crash on a live host). A
 * walsender is ended only when it holds the slot for this pipeline (its {@code application_name}
 * is this pipeline's, or the lease recorded it) and its instance no longer holds the lease; any
 * other client holding the slot is left alone and reported.
 */
public final class Takeover {

    private Takeover() {
    }

    /**
     * @param o            what PostgreSQL shows
     * @param self         this instance's holder name (id and nonce)
     * @param ownWalsender the backend of this instance's replication connection, 0 when it has none
     * @param timeout      the lease timeout
     * @param application  the {@code application_name} of this pipeline's replication connections
     */
    public static Decision decide(Observation o, String self, int ownWalsender, Duration timeout, String application) {
        boolean ours = o.slotActive() && (application.equals(o.activeApplication()) || o.activePid() == o.leaseWalsenderPid());
        if (self.equals(o.holder())) {
            if (!o.slotActive() || o.activePid() == ownWalsender) {
                return new Decision.Keep(0, null);
            }
            return ours ? new Decision.Keep(o.activePid(), null)
                    : new Decision.Keep(0, "the slot is active for PID " + o.activePid() + " (" + describe(o.activeApplication())
                    + "), which is no instance of this pipeline: stop that client, or give this pipeline another slot");
        }
        if (o.holder() == null) {
            if (!o.slotActive()) {
                return new Decision.Claim(0, o.leaseExists() ? "the lease was released" : "no instance has held the lease yet");
            }
            if (o.leaseExists() && ours) {
                return new Decision.Claim(o.activePid(), "the lease was released but walsender PID " + o.activePid() + " still holds the slot");
            }
            return new Decision.StandBy("the slot is active for PID " + o.activePid() + " (" + describe(o.activeApplication())
                    + "), which holds no lease of this pipeline (a doris-cdc without high availability, or another client): stop it to let"
                    + " an instance of this pipeline stream");
        }
        String holder = Observation.instanceOf(o.holder());
        double timeoutSeconds = timeout.toNanos() / 1e9;
        boolean expired = o.leaseAgeSeconds() > timeoutSeconds;
        boolean holderGone = !o.holderSessionAlive() && !o.slotActive();
        if (!expired && !holderGone) {
            return new Decision.StandBy(String.format(Locale.ROOT, "instance %s is active (lease term %d renewed %.1f s ago)",
                    holder, o.term(), Math.max(0, o.leaseAgeSeconds())));
        }
        String why = expired
                ? String.format(Locale.ROOT, "the lease of instance %s (term %d) was not renewed for %.1f s", holder, o.term(), o.leaseAgeSeconds())
                : "instance " + holder + " is gone (its lease session closed and no walsender holds the slot)";
        if (!o.slotActive()) {
            return new Decision.Claim(0, why);
        }
        if (ours) {
            return new Decision.Claim(o.activePid(), why + "; its walsender PID " + o.activePid() + " is ended");
        }
        return new Decision.StandBy(why + ", but the slot is active for PID " + o.activePid() + " (" + describe(o.activeApplication())
                + "), which is no instance of this pipeline: stop that client to let an instance stream");
    }

    private static String describe(String application) {
        return application == null || application.isEmpty() ? "no application_name" : "application " + application;
    }
}
