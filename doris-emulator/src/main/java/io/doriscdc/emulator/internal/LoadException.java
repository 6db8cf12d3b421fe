package io.doriscdc.emulator.internal;

/**
 * A load failed with a Doris {@code Status} (usually {@code Fail}) and {@code Message}. Messages
 * carry Doris's {@code [ERROR_CODE]} prefix; FE-side errors are wrapped as
 * {@code [ANALYSIS_ERROR]TStatus: errCode = 2, detailMessage = ...} (Addendum: how error texts arrive).
 */
final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;
    final String status;

    LoadException(String status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** A BE-side error: {@code [CODE]text}. */
    static LoadException be(String code, String text) {
        return new LoadException("Fail", "[" + code + "]" + text);
    }

    /** An FE-side error as it reaches the Stream Load response. */
    static LoadException fe(String text) {
        return new LoadException("Fail", "[ANALYSIS_ERROR]TStatus: errCode = 2, detailMessage = " + text);
    }
}
