package io.doriscdc.api.transport;

import io.doriscdc.api.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds {@link TransportProvider}s with {@link ServiceLoader}. Stateless and thread-safe. */
public final class Transports {

    private Transports() {
    }

    /**
     * The provider for a scheme, from the context class loader (or this class's loader).
     *
     * @throws ConfigException listing the available schemes when none matches, or when two providers claim it
     */
    public static TransportProvider load(String scheme) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return load(scheme, cl != null ? cl : Transports.class.getClassLoader());
    }

    /** As {@link #load(String)}, from the given class loader. */
    public static TransportProvider load(String scheme, ClassLoader classLoader) {
        List<TransportProvider> matches = new ArrayList<>();
        TreeMap<String, String> available = new TreeMap<>();
        for (TransportProvider p : ServiceLoader.load(TransportProvider.class, classLoader)) {
            available.put(p.scheme(), p.getClass().getName());
            if (p.scheme().equals(scheme)) {
                matches.add(p);
            }
        }
        if (matches.isEmpty()) {
            throw new ConfigException("no transport for scheme '" + scheme + "'; available: " + available.keySet()
                    + (available.isEmpty() ? " (no transport jar is on the class path)" : ""));
        }
        if (matches.size() > 1) {
            List<String> names = matches.stream().map(p -> p.getClass().getName()).toList();
            throw new ConfigException("more than one transport claims scheme '" + scheme + "': " + names + "; keep one jar on the class path");
        }
        return matches.get(0);
    }

    /** The schemes of every provider on the class path, sorted. */
    public static List<String> availableSchemes() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        TreeMap<String, Boolean> schemes = new TreeMap<>();
        for (TransportProvider p : ServiceLoader.load(TransportProvider.class, cl != null ? cl : Transports.class.getClassLoader())) {
            schemes.put(p.scheme(), true);
        }
        return List.copyOf(schemes.keySet());
    }
}
