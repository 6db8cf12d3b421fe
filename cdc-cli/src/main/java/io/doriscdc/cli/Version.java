package io.doriscdc.cli;

import picocli.CommandLine;

/** The version from the jar manifest. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = DorisCdc.class.getPackage().getImplementationVersion();
        return new String[] {"doris-cdc " + (v == null ? "(development build)" : v), "Java " + System.getProperty("java.version")};
    }
}
