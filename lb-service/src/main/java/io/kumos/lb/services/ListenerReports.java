package io.kumos.lb.services;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.lb.proxy.ListenerAddress;
import io.kumos.lb.proxy.ListenerStatus;
import io.kumos.lb.proxy.ServiceKey;

/**
 * Tells the operator and the Service's owner about listeners that cannot be opened (the port is taken by another
 * process, or by another Service): a log line and a Warning Event on the Service, once per failure rather than
 * on every resync, and a log line when the listener comes up after all.
 *
 * <p>Used by the thread applying plans only.
 */
public final class ListenerReports {

    /** The Event reason, as {@code kubectl describe service} shows it. */
    public static final String REASON = "ListenFailed";

    private static final Logger LOG = Logger.getLogger(ListenerReports.class);

    private final ServiceEvents events;
    /** The failure last reported for each Service port's listener. */
    private final Map<Wanted, String> reported = new HashMap<>();

    public ListenerReports(ServiceEvents events) {
        this.events = events;
    }

    public void report(Planning planning, List<ListenerStatus> statuses) {
        Set<Wanted> current = new HashSet<>();
        for (ListenerStatus status : statuses) {
            Wanted wanted = new Wanted(status.address(), status.service());
            current.add(wanted);
            if (status.bound()) {
                if (reported.remove(wanted) != null) {
                    LOG.infof("Service %s: listening on %s after all", status.service(), status.address());
                }
            } else {
                failed(planning, wanted, status.error(), "another process holds the port: free it, or change the "
                        + "Service's port");
            }
        }
        for (ListenerConflict conflict : planning.conflicts()) {
            Wanted wanted = new Wanted(conflict.address(), conflict.service());
            current.add(wanted);
            failed(planning, wanted, conflict.message(), "change one of the two Services' ports");
        }
        reported.keySet().retainAll(current);
    }

    private void failed(Planning planning, Wanted wanted, String error, String remedy) {
        if (error.equals(reported.put(wanted, error))) {
            return;
        }
        LOG.errorf("Service %s: cannot listen on %s (%s). Connections to that port are not balanced; %s. The "
                + "Service's other ports and every other Service are unaffected, and lb-service tries again on "
                + "every resync.", wanted.service(), wanted.address(), error, remedy);
        JsonNode service = planning.service(wanted.service());
        if (service != null) {
            events.warning(service, REASON, "Cannot listen on " + wanted.address() + " for port "
                    + portLabel(wanted.service()) + ": " + error);
        }
    }

    private static String portLabel(ServiceKey key) {
        return key.port().isEmpty() ? "(unnamed)" : key.port();
    }

    private record Wanted(ListenerAddress address, ServiceKey service) {
    }
}
