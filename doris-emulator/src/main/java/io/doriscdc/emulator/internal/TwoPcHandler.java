package io.doriscdc.emulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.handler.codec.http.HttpRequest;

/**
 * The BE's {@code _stream_load_2pc} (§2): {@code txn_id} or {@code label}, {@code txn_operation}
 * compared case-sensitively, answers {@code {"status":...,"msg":...}}. Stateless.
 */
final class TwoPcHandler {
    private TwoPcHandler() {
    }

    static Map<String, Object> handle(EmulatorRuntime rt, HttpRequest req) {
        String[] parts = Http.path(req).split("/");
        String db = parts[2];
        Http.Credentials cred = Http.basicAuth(req);
        if (cred == null) {
            return result("NOT_AUTHORIZED", "no valid Basic authorization");
        }
        String txnIdText = req.headers().get("txn_id");
        String label = req.headers().get("label");
        if ((txnIdText == null || txnIdText.isBlank()) && (label == null || label.isBlank())) {
            return result("INVALID_ARGUMENT", "No transaction id or label selected.");
        }
        String op = req.headers().get("txn_operation");
        if (!"commit".equals(op) && !"abort".equals(op)) {
            return result("INVALID_ARGUMENT", "transaction operation should be 'commit' or 'abort'");
        }
        if (!Http.authorized(cred, rt.config.users())) {
            return result("ANALYSIS_ERROR", "TStatus: errCode = 2, detailMessage = " + Http.accessDenied(cred));
        }
        Long txnId = null;
        if (txnIdText != null && !txnIdText.isBlank()) {
            try {
                txnId = Long.parseLong(txnIdText.trim());
            } catch (NumberFormatException e) {
                return result("INVALID_ARGUMENT", "convert txn_id [" + txnIdText + "] failed");
            }
        }
        TxnManager.TwoPcOutcome out = rt.txns.operate(db, txnId, label == null || label.isBlank() ? null : label,
                op.equals("commit"));
        if (out.ok()) {
            return result("Success", out.message());
        }
        return result("ANALYSIS_ERROR", "TStatus: errCode = 2, detailMessage = " + out.message());
    }

    private static Map<String, Object> result(String status, String msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("msg", msg);
        return m;
    }
}
