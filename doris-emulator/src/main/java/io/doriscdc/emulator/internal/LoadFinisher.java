package io.doriscdc.emulator.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * The Stream Load steps of the BE (§1.2 "Flow on the BE"): header checks and {@code begin_txn},
 * plan checks, body accumulation within the size limit and memory budget, then parse, filter-ratio
 * check, commit / pre-commit / group commit, and the response, with the armed faults applied.
 *
 * <p>Confined to one connection's event loop; shared state goes through {@link EmulatorRuntime}.
 */
final class LoadFinisher {
    private final EmulatorRuntime rt;
    private final int port;
    /** The body of the connection's current load (one at a time). */
    private final BodyBuffer body = new BodyBuffer();

    LoadFinisher(EmulatorRuntime rt, int port) {
        this.rt = rt;
        this.port = port;
    }

    /** @return an error to answer before the body, or null when the load may proceed */
    LoadException begin(ChannelHandlerContext ctx, LoadSession s) {
        Http.Credentials cred = Http.basicAuth(s.request);
        try {
            if (cred == null) {
                throw LoadException.be("NOT_AUTHORIZED", "no valid Basic authorization");
            }
            s.options = LoadOptionsParser.parseBeHeaders(s.request.headers(), rt.config.maxBodyBytes());
            s.response.label = s.options.label();
            s.response.twoPhaseCommit = s.options.twoPhaseCommit();
            s.response.groupCommit = s.options.groupCommit() != null;
            if (!Http.authorized(cred, rt.config.users())) {
                throw LoadException.fe(Http.accessDenied(cred));
            }
            if (!rt.catalog.hasDatabase(s.db)) {
                throw LoadException.fe("Unknown database '" + s.db + "'");
            }
            Table table = rt.catalog.table(s.db, s.table)
                    .orElseThrow(() -> LoadException.fe("Unknown table '" + s.table + "'"));
            s.schema = table.schema();
            if (s.options.groupCommit() != null) {
                s.response.txnId = rt.txns.nextTxnId();
            } else {
                LoadOptionsParser.checkLabel(s.options.label());
                try {
                    s.txn = rt.txns.begin(s.db, s.table, s.options.label(), s.options.twoPhaseCommit());
                } catch (LabelAlreadyExistsException e) {
                    s.response.existingJobStatus = e.existingJobStatus();
                    return new LoadException("Label Already Exists", "[LABEL_ALREADY_EXISTS]TStatus: errCode = 2, detailMessage = " + e.getMessage());
                }
                s.response.txnId = s.txn.id;
            }
            s.options = LoadOptionsParser.checkPlan(s.options, s.request.headers(), s.schema);
            s.resetMidBody = rt.faults.claimResetMidBody();
            return null;
        } catch (LoadException e) {
            return e;
        }
    }

    void append(LoadSession s, ByteBuf buf) {
        int n = buf.readableBytes();
        s.received += n;
        rt.counters.bytesReceived.add(n);
        if (s.failure != null) {
            return;
        }
        if (s.received > rt.config.maxBodyBytes()) {
            s.failure = LoadOptionsParser.bodyTooLarge(s.received, rt.config.maxBodyBytes());
            release(s);
            return;
        }
        if (rt.memoryInUse.addAndGet(n) > rt.config.memoryBudgetBytes()) {
            rt.memoryInUse.addAndGet(-n);
            s.failure = LoadException.be("MEM_LIMIT_EXCEEDED", "emulator memory budget of "
                    + rt.config.memoryBudgetBytes() + " bytes for load bodies exceeded; retry later or raise memoryBudgetBytes");
            release(s);
            return;
        }
        s.reserved += n;
        body.append(buf, s.options.contentLength());
    }

    void finish(ChannelHandlerContext ctx, LoadSession s) {
        LoadResponse r = s.response;
        r.loadBytes = s.received;
        try {
            if (s.failure != null) {
                throw s.failure;
            }
            if (s.options.contentLength() >= 0 && s.received != s.options.contentLength()) {
                throw LoadException.be("NETWORK_ERROR", "receive body don't equal with body bytes");
            }
            Faults.Failure injected = rt.faults.claimFailure();
            if (injected != null) {
                throw new LoadException(injected.status(), injected.message());
            }
            Table table = rt.catalog.table(s.db, s.table).orElse(null);
            if (table != null) {
                table.versions().check(rt.config.limits());
            }
            LoadOutcome out = LoadExecutor.execute(body.array(), body.length(), s.options, s.schema, rt.config.limits());
            r.totalRows = out.totalRows();
            r.filteredRows = out.filteredRows();
            r.unselectedRows = out.unselectedRows();
            r.loadedRows = out.ops().size();
            if (out.filteredRows() > 0) {
                String file = LoadSession.errorLogFile();
                rt.errorLogs.put(file, out.rejected().stream().map(Rejected::logLine).collect(Collectors.joining("\n", "", "\n")));
                r.errorUrl = "http://127.0.0.1:" + port + "/api/_load_error_log?file=" + file;
                r.firstErrorMsg = out.rejected().get(0).reason();
            }
            if (out.tooManyFiltered(s.options.maxFilterRatio())) {
                throw LoadException.be("DATA_QUALITY_ERROR", "too many filtered rows");
            }
            if (commit(s, out.ops())) {
                r.status = "Publish Timeout";
                r.message = "[PUBLISH_TIMEOUT]transaction commit successfully, BUT data will be visible later";
            }
        } catch (LoadException e) {
            if (s.txn != null) {
                rt.txns.abort(s.txn, e.getMessage());
            }
            r.fail(e.status, e.getMessage());
        } finally {
            release(s);
        }
        r.loadTimeMs = s.elapsedMs();
        r.receiveDataTimeMs = r.loadTimeMs;
        record(s);
        if (r.succeeded() && !s.options.twoPhaseCommit()) {
            rt.faults.loadCommitted(s.db, s.table);
        }
        if (r.succeeded() && rt.faults.claimResetAfterCommit()) {
            Http.reset(ctx);
            return;
        }
        FullHttpResponse resp = Http.jsonResponse(r.toMap());
        long delay = rt.faults.responseDelay().toMillis();
        if (delay > 0) {
            ctx.executor().schedule(() -> Http.write(ctx, s.request, resp, false), delay, TimeUnit.MILLISECONDS);
        } else {
            Http.write(ctx, s.request, resp, false);
        }
    }

    /** @return true when the commit was answered with a publish timeout */
    private boolean commit(LoadSession s, List<RowOp> ops) {
        if (s.txn == null) {
            rt.txns.applyGroupCommit(s.db, s.table, ops);
            return false;
        }
        if (s.options.twoPhaseCommit()) {
            rt.txns.precommit(s.txn, ops);
            return false;
        }
        boolean publishTimeout = rt.faults.claimPublishTimeout();
        rt.txns.commit(s.txn, ops, publishTimeout);
        return publishTimeout;
    }

    /** An error answered before the body: the transaction (if begun) is rolled back. */
    FullHttpResponse failed(LoadSession s, LoadException e) {
        if (s.txn != null) {
            rt.txns.abort(s.txn, e.getMessage());
        }
        s.response.fail(e.status, e.getMessage());
        s.response.loadTimeMs = s.elapsedMs();
        record(s);
        return Http.jsonResponse(s.response.toMap());
    }

    void resetMidBody(LoadSession s) {
        connectionLost(s);
    }

    /** The connection closed: the body's array goes too. */
    void closed() {
        body.free();
    }

    void connectionLost(LoadSession s) {
        if (s.txn != null) {
            rt.txns.abort(s.txn, "connection closed before the body was received");
        }
        s.response.fail("Fail", "[NETWORK_ERROR]connection closed before the body was received");
        s.response.loadBytes = s.received;
        release(s);
        record(s);
    }

    private void record(LoadSession s) {
        LoadResponse r = s.response;
        if (r.succeeded()) {
            rt.counters.loadsSucceeded.increment();
            rt.counters.rowsLoaded.add(r.loadedRows);
        } else {
            rt.counters.loadsFailed.increment();
        }
        rt.counters.rowsFiltered.add(r.filteredRows);
        rt.history.add(new LoadHistory.Entry(r, s.txn, s.db, s.table, s.headers));
    }

    private void release(LoadSession s) {
        if (s.reserved > 0) {
            rt.memoryInUse.addAndGet(-s.reserved);
            s.reserved = 0;
        }
        body.reset();
    }
}
