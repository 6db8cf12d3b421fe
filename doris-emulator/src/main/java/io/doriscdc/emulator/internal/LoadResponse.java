package io.doriscdc.emulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The BE's Stream Load response (§1.3, {@code StreamLoadContext::to_json}): keys in Doris's order
 * and types. Mutable builder; one per load, used on one thread.
 */
final class LoadResponse {
    long txnId = -1;
    String label = "";
    String comment = "";
    boolean twoPhaseCommit;
    boolean groupCommit;
    String status = "Success";
    String existingJobStatus;
    String message = "OK";
    long totalRows;
    long loadedRows;
    long filteredRows;
    long unselectedRows;
    long loadBytes;
    long loadTimeMs;
    long beginTxnTimeMs;
    long putTimeMs;
    long readDataTimeMs;
    long writeDataTimeMs;
    long receiveDataTimeMs;
    long commitAndPublishTimeMs;
    String errorUrl;
    String firstErrorMsg;

    void fail(String status, String message) {
        this.status = status;
        this.message = message;
        this.loadedRows = 0;
    }

    boolean succeeded() {
        return status.equals("Success") || status.equals("Publish Timeout");
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("TxnId", txnId);
        m.put("Label", label);
        m.put("Comment", comment);
        if (groupCommit) {
            m.put("GroupCommit", true);
        } else {
            m.put("TwoPhaseCommit", String.valueOf(twoPhaseCommit));
        }
        m.put("Status", status);
        if (status.equals("Label Already Exists") && existingJobStatus != null) {
            m.put("ExistingJobStatus", existingJobStatus);
        }
        m.put("Message", message);
        m.put("NumberTotalRows", totalRows);
        m.put("NumberLoadedRows", loadedRows);
        m.put("NumberFilteredRows", filteredRows);
        m.put("NumberUnselectedRows", unselectedRows);
        m.put("LoadBytes", loadBytes);
        m.put("LoadTimeMs", loadTimeMs);
        if (!groupCommit) {
            m.put("BeginTxnTimeMs", beginTxnTimeMs);
        }
        m.put("StreamLoadPutTimeMs", putTimeMs);
        m.put("ReadDataTimeMs", readDataTimeMs);
        m.put("WriteDataTimeMs", writeDataTimeMs);
        m.put("ReceiveDataTimeMs", receiveDataTimeMs);
        if (!groupCommit) {
            m.put("CommitAndPublishTimeMs", commitAndPublishTimeMs);
        }
        if (errorUrl != null && !errorUrl.isEmpty()) {
            m.put("ErrorURL", errorUrl);
        }
        if (firstErrorMsg != null && !firstErrorMsg.isEmpty()) {
            m.put("FirstErrorMsg", firstErrorMsg);
        }
        return m;
    }
}
