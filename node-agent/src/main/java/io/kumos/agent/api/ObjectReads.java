package io.kumos.agent.api;

import java.io.UncheckedIOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.agent.docker.DockerEngine;
import io.kumos.grid.GridCaches;
import io.kumos.grid.api.ApiClient;
import io.kumos.grid.informers.InformerSelection;
import io.kumos.grid.informers.ObjectInformer;
import io.kumos.grid.informers.SharedInformers;
import io.kumos.grid.objects.GridObject;
import io.quarkus.runtime.Startup;

/**
 * The API objects a pod start reads (this node's Node for its pod subnet; the ConfigMaps and Secrets that the
 * containers' environment names), taken from the grid's projection instead of asking the api-gateway at every
 * start: the Node from an informer that holds that one object (the grid sends this agent no other Node's change),
 * the others by key, one Hot Rod read each, as the kubelet reads them from its caches.
 *
 * <p>The projection may lag the record by a moment: an object created just before the pod that names it may not be
 * in the grid yet. What the grid does not hold (or while it cannot be read) is therefore asked of the API, whose
 * answer is certain; an absence is never taken from the grid alone. Blocking: worker threads only.
 */
@ApplicationScoped
@Startup // its informer lists this node's Node before the first pod needs it
public class ObjectReads {

    private static final Logger LOG = Logger.getLogger(ObjectReads.class);

    private final ObjectInformer ownNode;
    private final String nodeName;
    private final RemoteCacheManager grid;
    private final ApiClient api;
    private final ObjectMapper json;
    private volatile RemoteCache<String, GridObject> objects;

    ObjectReads(SharedInformers informers, DockerEngine engine, RemoteCacheManager grid, ApiClient api,
            ObjectMapper json) {
        this.nodeName = engine.nodeName();
        this.ownNode = informers.informer(InformerSelection.node(nodeName));
        this.grid = grid;
        this.api = api;
        this.json = json;
    }

    /** This node's Node, empty if the API has none. */
    public Optional<JsonNode> ownNode() {
        Optional<JsonNode> held = ownNode.isCurrent()
                ? ownNode.store().get(GridObject.key("core/nodes", "", nodeName))
                : Optional.empty();
        return held.isPresent() ? held : api.get("/api/v1/nodes/" + nodeName);
    }

    /**
     * An object of a namespace in the core group.
     *
     * @param resource {@code configmaps}, {@code secrets} …
     * @return the object, empty if the API has none
     */
    public Optional<JsonNode> namespaced(String resource, String namespace, String name) {
        Optional<JsonNode> held = projected(GridObject.key("core/" + resource, namespace, name));
        return held.isPresent() ? held
                : api.get("/api/v1/namespaces/" + namespace + "/" + resource + "/" + name);
    }

    private Optional<JsonNode> projected(String key) {
        GridObject entry;
        try {
            entry = objects().get(key);
        } catch (RuntimeException e) {
            LOG.debugf("Reading %s from the grid failed (%s); asking the API", key, e.getMessage());
            return Optional.empty();
        }
        if (entry == null || entry.deleted()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readTree(entry.json()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("the grid holds " + key + " as no JSON", e);
        }
    }

    private RemoteCache<String, GridObject> objects() {
        RemoteCache<String, GridObject> cache = objects;
        if (cache == null) {
            cache = GridCaches.open(grid, GridCaches.OBJECTS);
            objects = cache;
        }
        return cache;
    }
}
