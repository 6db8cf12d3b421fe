package io.doriscdc.runtime.internal.ha;

import io.doriscdc.api.CdcException;
import io.doriscdc.runtime.InstanceState;
import io.doriscdc.runtime.InstanceStatus;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.internal.LeaseGuard;
import io.doriscdc.runtime.internal.control.ControlPlane;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's side of its pipeline's lease: on a thread of its own it renews the lease while the
 * instance is active, or looks at the lease and the slot while it stands by and claims the lease
 * when {@link Takeover} says so, ending the walsender of an instance that lost it. It also keeps the
 * instance's row in {@code doris_cdc.instances}. The {@link io.doriscdc.runtime.Pipeline} starts
 * and stops the stream by {@link #holds()}.
 *
 * <p>The active instance holds the lease only while its last renewal started less than
 * {@code lease-timeout - lease-interval} ago by its own monotonic clock; a standby claims only after
 * {@code lease-timeout} by PostgreSQL's clock, measured from a renewal that PostgreSQL executed
 * after the active sent it. So an active instance cut off from PostgreSQL stops streaming before a
 * standby can take over, whatever the hosts' clocks say.
 *
 * <p>Thread-safe: every use of the lease connection is under this object's lock; {@link #holds()}
 * and {@link #status()} read without it.
 */
public final class HaCoordinator implements LeaseGuard, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HaCoordinator.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final PipelineConfig config;
    private final String pipeline;
    private final String holder;
    private final String application;
    private final long fenceAfterNanos;
    private final Duration terminateWait;
    private final ScheduledExecutorService thread;

    private Connection connection;
    // written under the lock, read without it (status and holds() must not wait for a statement in flight)
    private volatile InstanceState state = InstanceState.STARTING;
    private volatile String detail = "starting";
    private volatile Instant since = Instant.now();
    private volatile long term;
    private volatile long renewedNanos;
    private long lastWarnNanos = System.nanoTime() - WARN_EVERY_NANOS; // the first failure is logged
    private boolean closed;
    private volatile int ownWalsender;
    private volatile boolean streaming;
    /** A start of the stream is under way: the walsender a walsender check sees may be its own (a slot being made). */
    private volatile boolean starting;

    private HaCoordinator(PipelineConfig config) {
        this.config = config;
        this.pipeline = config.slotName();
        this.holder = config.instanceId() + "#" + nonce();
        this.application = "doris-cdc " + config.slotName();
        this.fenceAfterNanos = config.leaseTimeout().minus(config.leaseInterval()).toNanos();
        this.terminateWait = config.leaseTimeout().compareTo(Duration.ofSeconds(5)) < 0 ? config.leaseTimeout() : Duration.ofSeconds(5);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "doris-cdc-lease-" + config.slotName());
            t.setDaemon(true);
            return t;
        });
    }

    /** Tells two processes apart that were given the same instance id. */
    private static String nonce() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Connects, installs the {@code doris_cdc} schema (which holds the lease) and looks at the lease
     * once: afterwards {@link #holds()} tells whether this instance may stream.
     *
     * @throws CdcException when PostgreSQL cannot be reached or the schema cannot be installed, saying what to do
     */
    public static HaCoordinator open(PipelineConfig config) {
        HaCoordinator ha = new HaCoordinator(config);
        try {
            synchronized (ha) {
                if (!ha.leaseTablesExist()) {
                    ControlPlane.install(ha.connection()); // else the stream's start installs or upgrades it, as without high availability
                }
            }
        } catch (io.doriscdc.api.ConfigException e) {
            ha.thread.shutdownNow();
            throw new io.doriscdc.api.ConfigException(e.getMessage() + "; high availability keeps its lease in that schema: install it"
                    + " once as a user who may, or turn high availability off (ha.enabled: false, PipelineConfig.builder().highAvailability(false))", e);
        } catch (SQLException e) {
            ha.thread.shutdownNow();
            throw new CdcException("cannot prepare PostgreSQL for pipeline " + config.slotName() + " (its high-availability lease): "
                    + e.getMessage() + io.doriscdc.runtime.internal.ConnectHints.hint(config.jdbcUrl(), config.pgProperties(), e), e);
        } catch (RuntimeException e) {
            ha.thread.shutdownNow();
            throw e;
        }
        ha.poll();
        return ha;
    }

    /** Looks at the lease every lease interval from now on. */
    public void start() {
        long every = config.leaseInterval().toMillis();
        thread.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    /** Whether this instance holds the lease now and may stream (false once it could not renew for the timeout less an interval). */
    public boolean holds() {
        return state == InstanceState.ACTIVE && System.nanoTime() - renewedNanos < fenceAfterNanos;
    }

    /** This instance as the lease sees it. */
    public InstanceStatus status() {
        return new InstanceStatus(config.instanceId(), state, state == InstanceState.ACTIVE && streaming, term, detail, since);
    }

    /** A start of the stream begins ({@code true}) or ended, streaming or not ({@code false}). */
    public void starting(boolean on) {
        starting = on;
    }

    /** The pipeline streams from the slot now ({@code true}) or not. */
    public void streaming(boolean on) {
        streaming = on;
        if (!on) {
            ownWalsender = 0;
        }
        if (state == InstanceState.ACTIVE) {
            detail = (on ? "streaming" : "starting to stream") + " (lease term " + term + ")";
        }
    }

    @Override
    public void replicationBackend(int pid) {
        ownWalsender = pid;
    }

    /** One look: renew (active) or decide (standing by), then report this instance. On the lease thread, or once from {@link #open}. */
    public synchronized void poll() {
        io.doriscdc.runtime.internal.Failpoints.pass("lease:" + config.instanceId());
        if (closed) {
            return;
        }
        try {
            Connection c = connection();
            Observation o = LeaseTable.observe(c, pipeline, config.slotName());
            if (state == InstanceState.ACTIVE) {
                renewOrLose(c, o);
            } else {
                standingBy(c, o);
            }
            LeaseTable.report(c, pipeline, config.instanceId(), state.name(), detail);
        } catch (SQLException | RuntimeException e) {
            if (state != InstanceState.ACTIVE) {
                setDetail("cannot look at the lease in PostgreSQL: " + e.getMessage());
            }
            long now = System.nanoTime();
            if (now - lastWarnNanos > WARN_EVERY_NANOS) {
                lastWarnNanos = now;
                LOG.warn("pipeline {}: instance {} cannot reach PostgreSQL for its lease: {}{}", pipeline, config.instanceId(), e.getMessage(),
                        state == InstanceState.ACTIVE ? "; it stops streaming if this lasts " + Duration.ofNanos(fenceAfterNanos).toMillis() + " ms" : "");
            }
            closeConnection();
        }
    }

    private void renewOrLose(Connection c, Observation o) throws SQLException {
        long started = System.nanoTime();
        if (!LeaseTable.renew(c, pipeline, holder, term, ownWalsender)) {
            lose(!o.leaseExists() ? "the lease is gone (a crash restart of PostgreSQL empties the unlogged doris_cdc.leases)"
                    : o.holder() == null ? "the lease was released" : "instance " + Observation.instanceOf(o.holder()) + " took the lease over (term " + o.term() + ")");
            return;
        }
        renewedNanos = started;
        Decision d = Takeover.decide(o, holder, ownWalsender, config.leaseTimeout(), application);
        String note = d instanceof Decision.Keep k ? k.note() : null;
        if (d instanceof Decision.Keep k && k.terminatePid() > 0 && !starting) {
            // not while this instance starts its stream: the slot's walsender may be its own, before it is reported
            // (CREATE_REPLICATION_SLOT of a first start); a start that finds the slot busy ends, and the next look ends it
            terminate(c, k.terminatePid(), "a walsender of this pipeline left from before");
        }
        setDetail(note != null ? note : (streaming ? "streaming" : "starting to stream") + " (lease term " + term + ")");
    }

    private void standingBy(Connection c, Observation o) throws SQLException {
        Decision d = Takeover.decide(o, holder, ownWalsender, config.leaseTimeout(), application);
        if (d instanceof Decision.StandBy s) {
            term = o.term();
            setState(InstanceState.STANDBY, s.reason());
        } else if (d instanceof Decision.Claim claim) {
            claim(c, claim.terminatePid(), claim.reason());
        } else if (d instanceof Decision.Keep keep) {
            claim(c, keep.terminatePid(), "this instance held the lease before (term " + o.term() + ")");
        }
    }

    private void claim(Connection c, int terminatePid, String reason) throws SQLException {
        long started = System.nanoTime();
        OptionalLong claimed = LeaseTable.claim(c, pipeline, config.slotName(), holder, config.leaseTimeout());
        if (claimed.isEmpty()) {
            setState(InstanceState.STANDBY, "another instance claimed the lease first");
            return;
        }
        term = claimed.getAsLong();
        renewedNanos = started;
        setState(InstanceState.ACTIVE, "took the lease (term " + term + "): " + reason);
        LOG.info("pipeline {}: instance {} took the lease (term {}): {}", pipeline, config.instanceId(), term, reason);
        if (terminatePid > 0) {
            terminate(c, terminatePid, "the walsender of the instance that lost the lease");
        }
    }

    private void terminate(Connection c, int pid, String what) throws SQLException {
        boolean ended = LeaseTable.terminate(c, config.slotName(), pid, terminateWait);
        LOG.info("pipeline {}: {} {} PID {}, which held slot {}", pipeline, ended ? "ended" : "could not end", what, pid, config.slotName());
    }

    private void lose(String why) {
        setState(InstanceState.STANDBY, "lost the lease: " + why);
        LOG.warn("pipeline {}: instance {} lost the lease: {}; it stops streaming and stands by", pipeline, config.instanceId(), why);
    }

    /**
     * The pipeline stopped streaming because this instance no longer holds the lease: it stands by,
     * and claims again when the lease is free.
     */
    public synchronized void standBy(String reason) {
        if (state == InstanceState.ACTIVE) {
            setState(InstanceState.STANDBY, reason);
        }
    }

    /** Renews now (before a restart of the stream); false when the lease is lost or PostgreSQL does not answer. */
    public synchronized boolean renewNow() {
        if (state != InstanceState.ACTIVE) {
            return false;
        }
        try {
            long started = System.nanoTime();
            if (!LeaseTable.renew(connection(), pipeline, holder, term, ownWalsender)) {
                lose("another instance took the lease over");
                return false;
            }
            renewedNanos = started;
            return true;
        } catch (SQLException e) {
            closeConnection();
            return holds();
        }
    }

    @Override
    public void requireHeld(String what) {
        if (!holds()) {
            throw new LeaseLost("instance " + config.instanceId() + " of pipeline " + pipeline + " no longer holds the lease (" + detail
                    + "), so it does not send " + what + "; it abandons what it holds and the instance that holds the lease replays it from the slot");
        }
    }

    @Override
    public synchronized void confirm(String what) {
        if (state != InstanceState.ACTIVE) {
            throw new LeaseLost("instance " + config.instanceId() + " of pipeline " + pipeline + " no longer holds the lease (" + detail
                    + "), so it does not apply " + what + "; the instance that holds the lease applies it");
        }
        try {
            long started = System.nanoTime();
            if (!LeaseTable.renew(connection(), pipeline, holder, term, ownWalsender)) {
                lose("another instance took the lease over");
                throw new LeaseLost("instance " + config.instanceId() + " of pipeline " + pipeline + " lost the lease before " + what
                        + ", so it does not apply it; the instance that took over applies it");
            }
            renewedNanos = started;
        } catch (SQLException e) {
            closeConnection();
            throw new LeaseLost("instance " + config.instanceId() + " of pipeline " + pipeline + " cannot renew its lease before " + what
                    + " (" + e.getMessage() + "), so it does not apply it yet; it is applied once an instance holds the lease", e);
        }
    }

    /**
     * Stops looking at the lease; releases it if held (a standby takes over at its next look) and
     * leaves the instance's row as {@code finalState} (a STOPPED instance's row is removed).
     */
    public void close(InstanceState finalState, String why) {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                Connection c = connection();
                if (state == InstanceState.ACTIVE) {
                    LeaseTable.release(c, pipeline, holder, term);
                    LOG.info("pipeline {}: instance {} released the lease (term {})", pipeline, config.instanceId(), term);
                }
                if (finalState == InstanceState.STOPPED) {
                    LeaseTable.forget(c, pipeline, config.instanceId());
                } else {
                    LeaseTable.report(c, pipeline, config.instanceId(), finalState.name(), why);
                }
            } catch (SQLException e) {
                LOG.warn("pipeline {}: instance {} could not release its lease ({}); a standby takes over after the lease timeout of {}",
                        pipeline, config.instanceId(), e.getMessage(), config.leaseTimeout());
            }
            setState(finalState, why);
            closeConnection();
        }
    }

    @Override
    public void close() {
        close(InstanceState.STOPPED, "stopped");
    }

    private void setState(InstanceState s, String why) {
        if (s != state) {
            state = s;
            since = Instant.now();
        }
        detail = why;
    }

    private void setDetail(String why) {
        detail = why;
    }

    private boolean leaseTablesExist() throws SQLException {
        try (java.sql.Statement st = connection().createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT to_regclass('doris_cdc.leases') IS NOT NULL AND to_regclass('doris_cdc.instances') IS NOT NULL")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /**
     * The lease session: a plain connection whose reads time out after the lease timeout, so that a
     * renewal lost on the network cannot block the lease thread for longer than the lease lasts.
     */
    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Properties p = new Properties();
            config.pgProperties().forEach(p::setProperty);
            p.setProperty("user", config.user());
            p.setProperty("password", config.password());
            p.setProperty("ApplicationName", application + " lease");
            int seconds = (int) Math.max(1, config.leaseTimeout().toSeconds());
            p.setProperty("socketTimeout", Integer.toString(seconds));
            p.setProperty("connectTimeout", Integer.toString(seconds));
            p.setProperty("loginTimeout", Integer.toString(seconds));
            p.setProperty("tcpKeepAlive", "true");
            connection = DriverManager.getConnection(config.jdbcUrl(), p);
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the lease connection: {}", e.getMessage());
            }
            connection = null;
        }
    }
}
