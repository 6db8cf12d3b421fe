package io.doriscdc.runtime;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Masks secrets before a value reaches a log line, an exception message or a {@code toString()}:
 * passwords inside JDBC URLs ({@code ?password=...}, {@code &PassWord=...}, {@code sslpassword=...},
 * {@code //user:secret@host}) and settings whose key names a secret (contains {@code password},
 * {@code secret} or {@code token}, in any case, as {@link io.doriscdc.api.transport.TransportConfig}
 * masks them). Stateless and thread-safe.
 */
public final class Redaction {

    /** What a secret is printed as. */
    public static final String MASK = "****";

    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)([?&;][^=&;#]*(?:password|secret|token)[^=&;#]*=)[^&;#]*");
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.:-]*://)([^/?#@:]*):[^/?#]*@");

    private Redaction() {
    }

    /**
     * The URL with every secret replaced by {@value #MASK}: the values of query parameters whose name
     * contains password, secret or token, and the password of a {@code user:password@} authority.
     * Null stays null; everything else is unchanged.
     */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String masked = USER_INFO.matcher(url).replaceFirst("$1$2:" + MASK + "@");
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
    }

    /** Whether a setting named {@code key} holds a secret (its name contains password, secret or token, in any case). */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token");
    }

    /** The settings sorted by key, secrets ({@link #isSecretKey}) as {@value #MASK} and URLs among the values masked with {@link #url}. */
    public static Map<String, String> settings(Map<String, String> settings) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> out.put(k, isSecretKey(k) ? MASK : url(v)));
        return out;
    }
}
