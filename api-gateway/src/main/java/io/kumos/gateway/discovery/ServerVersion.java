package io.kumos.gateway.discovery;

/**
 * The body of {@code GET /version}, shaped like Kubernetes' {@code version.Info}.
 *
 * <p>Kumos claims Kubernetes 1.30, the middle of the kubectl range it serves (1.27–1.33), so that no supported
 * kubectl prints a version-skew warning; its own version rides in the build metadata, as k3s does.
 */
public record ServerVersion(String major, String minor, String gitVersion, String gitCommit, String gitTreeState,
        String buildDate, String goVersion, String compiler, String platform) {

    static final String KUBERNETES_MAJOR = "1";
    static final String KUBERNETES_MINOR = "30";

    static ServerVersion of(String kumosVersion, String buildDate) {
        String gitVersion = "v" + KUBERNETES_MAJOR + "." + KUBERNETES_MINOR + ".0+kumos." + kumosVersion;
        return new ServerVersion(KUBERNETES_MAJOR, KUBERNETES_MINOR, gitVersion, "", "clean", buildDate,
                "java" + Runtime.version().feature(), "quarkus", platformOf(System.getProperty("os.arch")));
    }

    /** The Go-style platform kubectl prints, from the JVM's {@code os.arch}. */
    static String platformOf(String arch) {
        return "linux/" + switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }
}
