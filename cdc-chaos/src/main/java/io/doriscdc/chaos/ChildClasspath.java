package io.doriscdc.chaos;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The class path for pipeline child processes: {@code -Dchaos.child.classpath} when given; the test
 * class path under surefire/failsafe; the URLs of the class loader that loaded this class (Maven's
 * {@code exec:java}); else {@code java.class.path}. Stateless.
 */
public final class ChildClasspath {

    private ChildClasspath() {
    }

    public static String current() {
        String explicit = System.getProperty("chaos.child.classpath");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            return surefire;
        }
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = ChildClasspath.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: not something a child JVM can load
                    }
                }
            }
        }
        return entries.isEmpty() ? System.getProperty("java.class.path") : String.join(File.pathSeparator, entries);
    }
}
