package io.kumos.placement.workloads;

/**
 * The kinds the workload controllers read and write: where each lives in the API and in the grid's projection.
 */
public enum Kind {

    POD("v1", "Pod", "", "pods"),
    REPLICA_SET("apps/v1", "ReplicaSet", "apps", "replicasets"),
    DEPLOYMENT("apps/v1", "Deployment", "apps", "deployments"),
    JOB("batch/v1", "Job", "batch", "jobs"),
    CRON_JOB("batch/v1", "CronJob", "batch", "cronjobs");

    private final String apiVersion;
    private final String kind;
    private final String group;
    private final String plural;

    Kind(String apiVersion, String kind, String group, String plural) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.group = group;
        this.plural = plural;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String kind() {
        return kind;
    }

    /** The resource as the grid's projection names it: {@code <group>/<plural>}, {@code core} for the legacy group. */
    public String gridResource() {
        return (group.isEmpty() ? "core" : group) + "/" + plural;
    }

    /** The namespaced collection, e.g. {@code /apis/apps/v1/namespaces/web/replicasets}. */
    public String collection(String namespace) {
        return (group.isEmpty() ? "/api/" : "/apis/") + apiVersion + "/namespaces/" + namespace + "/" + plural;
    }

    public String path(String namespace, String name) {
        return collection(namespace) + "/" + name;
    }

    /** The kind an object of the projection is, by its {@code kind} field. */
    public static Kind of(String kind) {
        for (Kind candidate : values()) {
            if (candidate.kind.equals(kind)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("not a kind the workload controllers handle: " + kind);
    }

    public static Kind ofGridResource(String resource) {
        for (Kind candidate : values()) {
            if (candidate.gridResource().equals(resource)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("not a resource the workload controllers handle: " + resource);
    }
}
