package io.kumos.placement.scheduling.framework;

import java.util.List;

/**
 * What a plugin answers: a {@link Code} and, for a rejection, the reasons in kube-scheduler's words (one node may be
 * rejected for several, e.g. {@code Insufficient cpu} and {@code Insufficient memory}). A rejection is a value, not
 * an exception.
 *
 * @param plugin the plugin that answered (set by the framework; empty until then)
 */
public record Status(Code code, List<String> reasons, String plugin) {

    private static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), "");
    private static final Status SKIP = new Status(Code.SKIP, List.of(), "");

    public Status {
        reasons = List.copyOf(reasons);
    }

    public static Status success() {
        return SUCCESS;
    }

    public static Status skip() {
        return SKIP;
    }

    public static Status unschedulable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE, List.of(reasons), "");
    }

    public static Status unresolvable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons), "");
    }

    public static Status error(String reason) {
        return new Status(Code.ERROR, List.of(reason), "");
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    public boolean isSkip() {
        return code == Code.SKIP;
    }

    /** Whether the node (or, from a pre-filter, every node) cannot take the pod. */
    public boolean isRejection() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
    }

    /** The reasons joined as kube-scheduler joins them. */
    public String message() {
        return String.join(", ", reasons);
    }

    public Status from(String pluginName) {
        return new Status(code, reasons, pluginName);
    }
}
