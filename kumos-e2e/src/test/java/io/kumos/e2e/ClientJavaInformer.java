package io.kumos.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.util.Config;

/**
 * A shared informer of the official client-java (list, watch with bookmarks, resync) on the ConfigMaps of a
 * namespace, set up as its README shows: a call generator over {@code listNamespacedConfigMap}, an OkHttp client
 * without read timeout so that watches may stay open.
 */
final class ClientJavaInformer implements AutoCloseable {

    private final SharedInformerFactory factory;
    private final SharedIndexInformer<V1ConfigMap> informer;
    private final Mirror mirror = new Mirror();

    ClientJavaInformer(String url, String namespace, long resyncMillis) {
        ApiClient client = Config.fromUrl(url, false);
        client.setHttpClient(client.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build());
        CoreV1Api core = new CoreV1Api(client);
        factory = new SharedInformerFactory(client);
        informer = factory.sharedIndexInformerFor(params -> core.listNamespacedConfigMap(namespace)
                .resourceVersion(params.resourceVersion).timeoutSeconds(params.timeoutSeconds)
                .watch(params.watch).allowWatchBookmarks(Boolean.TRUE.equals(params.watch) ? Boolean.TRUE : null)
                .buildCall(null), V1ConfigMap.class, V1ConfigMapList.class, resyncMillis);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(V1ConfigMap object) {
                mirror.added(object.getMetadata().getName(), entry(object));
            }

            @Override
            public void onUpdate(V1ConfigMap old, V1ConfigMap object) {
                mirror.updated(object.getMetadata().getName(), old.getMetadata().getResourceVersion(),
                        object.getMetadata().getResourceVersion(), entry(object));
            }

            @Override
            public void onDelete(V1ConfigMap object, boolean finalStateUnknown) {
                mirror.deleted(object.getMetadata().getName());
            }
        });
        factory.startAllRegisteredInformers();
    }

    Mirror mirror() {
        return mirror;
    }

    /** The informer's own cache (its indexer), in the same form. */
    Map<String, String> cache() {
        return informer.getIndexer().list().stream().collect(Collectors.toMap(object -> object.getMetadata()
                .getName(), ClientJavaInformer::entry));
    }

    boolean synced() {
        return informer.hasSynced();
    }

    static String entry(V1ConfigMap object) {
        return Mirror.entry(object.getMetadata().getResourceVersion(), object.getData());
    }

    @Override
    public void close() {
        factory.stopAllRegisteredInformers();
    }
}
