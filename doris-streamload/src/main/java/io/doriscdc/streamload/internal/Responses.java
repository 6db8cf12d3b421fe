package io.doriscdc.streamload.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doriscdc.api.transport.TransportException;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Doris's answers (research §1.3, §2, addendum on error texts) and classifies failures: matching
 * is by stable fragments of the message, never by equality. Data-quality, auth, missing table or
 * database, bad labels and bad requests are final; too many versions ({@code -235}), transaction
 * quotas, timeouts, an FE that is not master, network and server errors are retryable; anything
 * unknown is retryable (attempts are bounded). Stateless.
 */
public final class Responses {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TXN = Pattern.compile("relate to txn \\[(\\d+)\\]");
    private static final Pattern ALREADY_COMMITTED = Pattern.compile("is already (committed|visible)", Pattern.CASE_INSENSITIVE);
    private static final String[] RETRYABLE = {"-235", "too_many_version", "too many version", "running txns", "committed txns",
        "timeout", "timed out", "not master", "network_error", "cancelled", "mem_limit", "memory", "no backend alive",
        "service_unavailable", "try again", "publish"};
    private static final String[] FINAL = {"data_quality_error", "too many filtered rows", "access denied", "no valid basic authorization",
        "unauthorized", "need auth", "unknown table", "unknown database", "does not exist", "label format error",
        "need to specify the sequence column", "no 100-continue header", "unknown data format", "invalid_argument",
        "not_implemented", "analysis_error", "-238", "too_many_segments", "body size", "must be single-char",
        "invalid unique_key_partial_mode", "not support", "don't support", "invalid",
        // the FE could not parse the columns header (NereidsStreamLoadTask.setColumnToColumnExpr): the same header fails again
        "syntaxparseexception", "unknownformatconversionexception", "duplicate column", "incorrect column name"};

    private Responses() {
    }

    /** Fails on a non-200 status; 5xx, 408 and 429 are retryable. */
    static void requireOk(HttpReply r, String what, String label) {
        if (r.status() == 200) {
            return;
        }
        boolean retry = r.status() >= 500 || r.status() == 408 || r.status() == 429;
        String hint = r.status() == 401 || r.status() == 403 ? " (check user and password)" : r.status() == 404 ? " (check the fe/be addresses and database/table names)" : "";
        throw new TransportException(what + " got HTTP " + r.status() + " from " + r.uri() + hint + ": " + Targets.abbreviate(r.body()),
                retry, label);
    }

    static JsonNode parse(HttpReply r, String what, String label) {
        requireOk(r, what, label);
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new TransportException(what + ": unreadable answer from " + r.uri() + ": " + Targets.abbreviate(r.body()), true, label, e);
        }
    }

    /** Is this failure message one that a retry cannot fix? */
    public static boolean isFinal(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        for (String s : RETRYABLE) {
            if (m.contains(s)) {
                return false;
            }
        }
        for (String s : FINAL) {
            if (m.contains(s)) {
                return true;
            }
        }
        return false;
    }

    static boolean isDataQuality(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("data_quality_error") || m.contains("too many filtered rows");
    }

    /** The txn id in a {@code Label Already Exists} message, or -1. */
    static long txnOf(String message) {
        Matcher m = TXN.matcher(message);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static boolean alreadyCommitted(String message) {
        return ALREADY_COMMITTED.matcher(message).find();
    }

    /** Gone: the precommitted transaction was aborted or expired, the batch must be loaded again. */
    static boolean transactionGone(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("is already aborted") || m.contains("not found");
    }
}
