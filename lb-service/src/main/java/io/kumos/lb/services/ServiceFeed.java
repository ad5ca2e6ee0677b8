package io.kumos.lb.services;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.api.ApiClient;
import io.kumos.grid.informers.ControllerLoop;
import io.kumos.grid.informers.GridUnavailableException;
import io.kumos.grid.informers.ObjectInformer;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.objects.ProjectedObjects;
import io.kumos.lb.LbConfig;
import io.kumos.lb.proxy.ListenerStatus;
import io.kumos.lb.proxy.TcpProxy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Feeds the proxy from the grid: reads every Service and Endpoints object from their shared informers (local copies
 * of the grid's projection, kept current by its events), plans ({@link ServicePlanner}), applies the plan to the
 * {@link TcpProxy}, then reports listeners that cannot bind and publishes LoadBalancer ingress.
 *
 * <p>A read happens when the informers' handlers say a Service or Endpoints object changed (so endpoint changes
 * reach new connections within milliseconds), and every {@code kumos.lb.resync-period} regardless (so a port that
 * became free is caught up with). A read costs no request to the grid: the informers list the objects once, follow
 * their changes, and list them again on their own after a failover or a grid restart.
 *
 * <p>Reads run on the feed's {@link ControllerLoop}, one at a time (binding waits for the sockets); changes arriving
 * meanwhile share the next read. While an informer is not current (the grid does not
 * answer, or the objects are being listed or projected again), the proxy keeps its last plan: an absent Service then
 * proves nothing, and tearing down listeners would cut traffic that still has somewhere to go.
 */
@ApplicationScoped
public class ServiceFeed {

    private static final Logger LOG = Logger.getLogger(ServiceFeed.class);

    private final ObjectInformer services;
    private final ObjectInformer endpoints;
    private final TcpProxy proxy;
    private final ServicePlanner planner;
    private final ApiWriter writer;
    private final ListenerReports reports;
    private final IngressPublisher ingress;
    private final ControllerLoop loop;
    // Confined to the loop's thread.
    private boolean gridFailing;

    ServiceFeed(SharedInformers informers, TcpProxy proxy, ApiClient api, ObjectMapper json, LbConfig config) {
        this.services = informers.informer("core/services");
        this.endpoints = informers.informer("core/endpoints");
        this.proxy = proxy;
        this.planner = new ServicePlanner(config.bindAddress());
        this.writer = new ApiWriter(config.apiUrl());
        this.reports = new ListenerReports(new ServiceEvents(api, writer, json, Clock.systemUTC()));
        this.ingress = new IngressPublisher(api, writer, json, advertised(config));
        this.loop = new ControllerLoop("Service feed", config.resyncPeriod(), ControllerLoop.GAP, this::sync);
    }

    void onStart(@Observes StartupEvent event) {
        loop.listenTo(services).listenTo(endpoints).start(Duration.ZERO);
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.close();
        writer.close();
    }

    private void sync() {
        List<JsonNode> currentServices;
        List<JsonNode> currentEndpoints;
        try {
            currentServices = services.current().list();
            currentEndpoints = endpoints.current().list();
        } catch (ProjectedObjects.IncompleteProjectionException e) {
            LOG.debugf("Keeping the current listeners: %s", e.getMessage());
            return;
        } catch (GridUnavailableException e) {
            gridUnreachable(e);
            return;
        }
        if (gridFailing) {
            gridFailing = false;
            LOG.info("The grid answers again: Services and Endpoints are followed again");
        }
        try {
            Planning planning = planner.plan(currentServices, currentEndpoints);
            List<ListenerStatus> statuses = proxy.apply(planning.plan());
            reports.report(planning, statuses);
            ingress.publish(planning, statuses);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Applying the Services and Endpoints of the grid failed; the proxy keeps what it had "
                    + "applied and tries again on the next change or resync");
        }
    }

    private void gridUnreachable(RuntimeException e) {
        if (!gridFailing) {
            gridFailing = true;
            LOG.warnf("Cannot read Services and Endpoints from the grid (%s). Listeners and endpoints stay as they "
                    + "were until it answers; is the Infinispan Server up? Check './kumos status'.", e.getMessage());
        } else {
            LOG.debugf("The grid still does not answer: %s", e.getMessage());
        }
    }

    private static String advertised(LbConfig config) {
        String address = config.ingressAddress().orElse(config.bindAddress());
        if (address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]")) {
            LOG.infof("Listening on the wildcard address %s: no LoadBalancer ingress is written. Set "
                    + "kumos.lb.ingress-address to the address clients use.", address);
            return null;
        }
        return address;
    }
}
