package io.doriscdc.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority and a server certificate it signed, generated for a test without any
 * network: the JDK's {@code keytool} makes the keys, the request and the signature (with
 * {@code SAN=dns:localhost,ip:127.0.0.1,ip:::1}, so host-name verification passes for the
 * emulator and the embedded PostgreSQL); the rest is {@link KeyStore} code. Every call of
 * {@link #generate(Path)} makes a new CA, so a second one is the "wrong CA" of a test.
 *
 * <p>Files, all under the directory given: {@code ca.pem} (the CA certificate), {@code truststore.p12}
 * (PKCS12, the CA as a trusted entry), {@code server.p12} (PKCS12, the server's key with the chain
 * server, CA), {@code server.pem} (that chain, PEM) and {@code server.key} (the key, unencrypted
 * PKCS#8 PEM, mode 0600 as PostgreSQL requires). Every store has the password {@link #password()}.
 *
 * <p>Immutable and thread-safe once generated; generating takes a few seconds (four keytool runs).
 */
public final class TlsFiles {

    private static final AtomicInteger SERIAL = new AtomicInteger();
    private static final String PASSWORD = "changeit";
    private static final String VALIDITY_DAYS = "30";

    private final Path dir;

    private TlsFiles(Path dir) {
        this.dir = dir;
    }

    /**
     * Generates a new CA and a server certificate for {@code localhost}, {@code 127.0.0.1} and
     * {@code ::1} into {@code dir} (created if missing; files of an earlier run are replaced).
     *
     * @throws IllegalStateException naming the keytool command and its output when it fails
     */
    public static TlsFiles generate(Path dir) {
        return generate(dir, "dns:localhost,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1");
    }

    /**
     * As {@link #generate(Path)}, with the server certificate naming {@code subjectAltNames} instead, in
     * keytool's syntax ({@code dns:doris.example,ip:10.0.0.1}): a certificate for another host.
     */
    public static TlsFiles generate(Path dir, String subjectAltNames) {
        try {
            Files.createDirectories(dir);
            for (String f : List.of("ca.p12", "server.p12", "server.csr", "server.crt", "truststore.p12")) {
                Files.deleteIfExists(dir.resolve(f));
            }
            String caName = "CN=doris-cdc test CA " + ProcessHandle.current().pid() + "-" + SERIAL.incrementAndGet() + ",O=doris-cdc tests";
            keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", caName,
                    "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign", "-validity", VALIDITY_DAYS,
                    "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost,O=doris-cdc tests",
                    "-validity", VALIDITY_DAYS, "-keystore", "server.p12", "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool(dir, "-certreq", "-alias", "server", "-keystore", "server.p12", "-storepass", PASSWORD, "-file", "server.csr");
            keytool(dir, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-infile", "server.csr",
                    "-outfile", "server.crt", "-rfc", "-validity", VALIDITY_DAYS,
                    "-ext", "SAN=" + subjectAltNames,
                    "-ext", "KU=digitalSignature,keyEncipherment", "-ext", "EKU=serverAuth");
            assemble(dir);
            return new TlsFiles(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test certificates under " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot assemble the test certificates under " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The stores and PEM files the tests use, from what keytool made. */
    private static void assemble(Path dir) throws IOException, GeneralSecurityException {
        char[] pw = PASSWORD.toCharArray();
        KeyStore ca = load(dir.resolve("ca.p12"));
        X509Certificate caCert = (X509Certificate) ca.getCertificate("ca");
        X509Certificate serverCert;
        try (InputStream in = Files.newInputStream(dir.resolve("server.crt"))) {
            serverCert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore server = load(dir.resolve("server.p12"));
        Key key = server.getKey("server", pw);
        server.setKeyEntry("server", key, pw, new Certificate[] {serverCert, caCert});
        store(server, dir.resolve("server.p12"));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, pw);
        trust.setCertificateEntry("ca", caCert);
        store(trust, dir.resolve("truststore.p12"));

        Files.writeString(dir.resolve("ca.pem"), pem("CERTIFICATE", caCert.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("server.pem"), pem("CERTIFICATE", serverCert.getEncoded()) + pem("CERTIFICATE", caCert.getEncoded()),
                StandardCharsets.US_ASCII);
        Path keyFile = dir.resolve("server.key");
        Files.deleteIfExists(keyFile);
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile, pem("PRIVATE KEY", ((PrivateKey) key).getEncoded()), StandardCharsets.US_ASCII);
        Files.deleteIfExists(dir.resolve("server.csr"));
        Files.deleteIfExists(dir.resolve("server.crt"));
    }

    private static KeyStore load(Path p) throws IOException, GeneralSecurityException {
        return KeyStore.getInstance(p.toFile(), PASSWORD.toCharArray());
    }

    private static void store(KeyStore ks, Path p) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(p)) {
            ks.store(out, PASSWORD.toCharArray());
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.add("-noprompt");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": "
                        + new String(out, StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }

    /** The directory holding the files. */
    public Path dir() {
        return dir;
    }

    /** The password of every key store here (and of the server's key). */
    public String password() {
        return PASSWORD;
    }

    /** The CA certificate, PEM (what {@code sslrootcert} or a {@code trust-cert} setting takes). */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** PKCS12 trust store holding the CA certificate as a trusted entry. */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** PKCS12 key store: the server's private key (alias {@code server}) with the chain server, CA. */
    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    /** The server's certificate chain, PEM: the server's certificate, then the CA's. */
    public Path serverCertPem() {
        return dir.resolve("server.pem");
    }

    /** The server's private key, unencrypted PKCS#8 PEM, readable by its owner only. */
    public Path serverKeyPem() {
        return dir.resolve("server.key");
    }

    /** The CA certificate. */
    public X509Certificate caCertificate() {
        try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(caPem()))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS server context presenting the server certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(serverKeyStore()), PASSWORD.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the server TLS context from " + serverKeyStore() + ": " + e.getMessage(), e);
        }
    }

    /** A TLS client context trusting this CA only. */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(truststore()));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the client TLS context from " + truststore() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "test certificates for localhost in " + dir;
    }
}
