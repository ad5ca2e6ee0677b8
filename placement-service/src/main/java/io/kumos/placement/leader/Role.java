package io.kumos.placement.leader;

/**
 * The control loops of placement-service that must run in one process at a time, each with its own leader lock,
 * so that several replicas of the service can share them out. The name is the lock's and the Events' source
 * component, as kube-controller-manager and kube-scheduler name theirs.
 */
public enum Role {

    SCHEDULER("default-scheduler"),
    REPLICA_SETS("replicaset-controller"),
    DEPLOYMENTS("deployment-controller"),
    JOBS("job-controller"),
    CRON_JOBS("cronjob-controller");

    private final String component;

    Role(String component) {
        this.component = component;
    }

    public String component() {
        return component;
    }

    /** The key of its lock in the grid's {@code kumos-leader-locks}. */
    public String lockName() {
        return "placement-service/" + component;
    }
}
