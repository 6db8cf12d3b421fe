package io.doriscdc.runtime.internal;

import java.io.IOException;
import java.sql.SQLException;

/**
 * Tells a lost or refused PostgreSQL connection (the server restarted, failed over or cut the
 * walsender) from every other failure: only those are worth a restart of the pipeline, since a
 * restart resumes from the slot and loses nothing (ARCHITECTURE.md invariant 1). Stateless.
 */
public final class ConnectionLoss {

    private ConnectionLoss() {
    }

    /** True when the failure's cause chain holds a connection failure of PostgreSQL's. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException || t instanceof java.security.cert.CertificateException) {
                return false; // a certificate refused: trying again cannot help
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException e && e.getSQLState() != null) {
                String state = e.getSQLState();
                // class 08: connection exception; 57P01–57P03: admin or crash shutdown, cannot connect now
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
