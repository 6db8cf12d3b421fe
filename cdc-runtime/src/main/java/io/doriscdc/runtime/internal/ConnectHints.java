package io.doriscdc.runtime.internal;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLException;
import org.postgresql.Driver;

/**
 * What to fix when a connection to PostgreSQL is refused for TLS or a password, named by the
 * pgjdbc settings involved ({@code sslmode}, {@code sslrootcert}), since pgjdbc's own messages
 * ("SSL error: PKIX path building failed") do not say. Never prints a password. Stateless.
 */
public final class ConnectHints {

    private ConnectHints() {
    }

    /**
     * A sentence to append to the message of {@code failure} ("; the server's certificate ..."), or
     * {@code ""} when the failure is of another kind.
     *
     * @param url        the JDBC URL (its parameters are read for sslmode and sslrootcert)
     * @param properties the extra connection properties (they override nothing the URL sets)
     */
    public static String hint(String url, Map<String, String> properties, SQLException failure) {
        Properties p = new Properties();
        properties.forEach(p::setProperty);
        Properties parsed = Driver.parseURL(url, p);
        Properties effective = parsed != null ? parsed : p;
        String mode = effective.getProperty("sslmode", "prefer");
        String root = effective.getProperty("sslrootcert");
        String rootText = root == null ? "sslrootcert is not set, so pgjdbc reads ~/.postgresql/root.crt" : "sslrootcert=" + root;
        String message = String.valueOf(failure.getMessage());
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "; PostgreSQL's server certificate is not signed by a CA of " + rootText + " (sslmode=" + mode
                        + "): set sslrootcert (in the JDBC URL or the connection properties) to the PEM file of the CA that signed "
                        + "the server's ssl_cert_file";
            }
        }
        if (message.contains("could not be verified by hostnameverifier")) {
            return "; PostgreSQL's server certificate does not name the host of the JDBC URL (sslmode=" + mode
                    + "): connect by a name the certificate carries, or use sslmode=verify-ca to check the CA only";
        }
        if (message.contains("The server does not support SSL")) {
            return "; the server has ssl=off but sslmode=" + mode + " requires TLS: turn ssl on in postgresql.conf, or change sslmode";
        }
        if (message.contains("no encryption") && message.contains("pg_hba.conf")) {
            return "; pg_hba.conf accepts this client over TLS only: set sslmode=verify-full and sslrootcert in the JDBC URL";
        }
        if (failure.getCause() instanceof SSLException) {
            return "; the TLS handshake failed (sslmode=" + mode + ", " + rootText + ")";
        }
        if ("28P01".equals(failure.getSQLState())) {
            return "; check the password (the pipeline's password, or a password parameter of the JDBC URL, which takes precedence)";
        }
        return "";
    }
}
