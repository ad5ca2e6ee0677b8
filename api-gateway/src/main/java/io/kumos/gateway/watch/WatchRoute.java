package io.kumos.gateway.watch;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.gateway.kinds.Versions;
import io.kumos.gateway.objects.ListPage;
import io.kumos.gateway.objects.ObjectService;
import io.kumos.gateway.objects.Selector;
import io.kumos.gateway.printing.TablePrinter;
import io.kumos.gateway.query.ListOptions;
import io.kumos.gateway.query.QueryParameters;
import io.kumos.gateway.resources.ResourceCatalog;
import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.status.ApiException;
import io.kumos.gateway.status.StatusResponses;
import io.kumos.gateway.store.ChangeEvent;
import io.kumos.gateway.store.ObjectRecord;
import io.kumos.gateway.store.RecordContexts;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET …/<plural>?watch=true}: a stream of watch events from a resourceVersion, with the list's label and
 * field selectors, {@code timeoutSeconds}, bookmarks when {@code allowWatchBookmarks=true}, and Table-wrapped
 * objects when the client asked for a Table. Served by a Vert.x route ahead of the REST layer, which has no way to
 * stream bare JSON lines. As in kube-apiserver, the stream is a chunked response of JSON lines, or, when the
 * request asks for an upgrade to WebSocket (fabric8's client asks so first), a WebSocket of one text frame per
 * event; see {@link WatchSink}.
 *
 * <p>How the stream begins follows kube-apiserver's watch semantics for the options
 * ({@link ListOptions}, validated as upstream validates them, 422 before the stream opens):
 * <ul>
 * <li>{@code sendInitialEvents} unset: without a resourceVersion (or with "0") an ADDED event for every current
 * object, then the changes; with one, the revision log replayed after it;</li>
 * <li>{@code sendInitialEvents=true} (WatchList, {@code resourceVersionMatch=NotOlderThan}): the current objects,
 * which are never older than any resourceVersion given, as ADDED events in list order, then with
 * {@code allowWatchBookmarks} a BOOKMARK annotated {@code k8s.io/initial-events-end} at the list's revision,
 * then the changes after it;</li>
 * <li>{@code sendInitialEvents=false}: no initial events; the changes from the current revision (resourceVersion
 * unset or "0"), or the log replayed after the given one.</li>
 * </ul>
 */
@ApplicationScoped
public class WatchRoute {

    private static final Pattern PATH =
            Pattern.compile("^/(?:api/(v1)|apis/([^/]+)/([^/]+))(?:/namespaces/([^/]+))?/([^/]+)$");
    /** One object's path: kube-apiserver serves its watch as the collection's, selected by name. */
    private static final Pattern OBJECT_PATH =
            Pattern.compile("^/(?:api/(v1)|apis/([^/]+)/([^/]+))(?:/namespaces/([^/]+))?/([^/]+)/([^/]+)$");
    private static final int REPLAY_PAGE = 1000;

    private final ResourceCatalog catalog;
    private final ObjectService objects;
    private final ObjectRecord record;
    private final WatchHub hub;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final long defaultTimeoutSeconds;
    private final long bookmarkPeriodMillis;

    WatchRoute(ResourceCatalog catalog, ObjectService objects, ObjectRecord record, WatchHub hub, ObjectMapper json,
            Vertx vertx, @ConfigProperty(name = "kumos.watch.default-timeout-seconds", defaultValue = "1800")
            long defaultTimeoutSeconds,
            @ConfigProperty(name = "kumos.watch.bookmark-period-millis", defaultValue = "30000")
            long bookmarkPeriodMillis) {
        this.catalog = catalog;
        this.objects = objects;
        this.record = record;
        this.hub = hub;
        this.json = json;
        this.vertx = vertx;
        this.defaultTimeoutSeconds = defaultTimeoutSeconds;
        this.bookmarkPeriodMillis = bookmarkPeriodMillis;
    }

    void register(@Observes Router router) {
        router.route().order(-100).handler(this::handle);
    }

    private void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        Matcher path = PATH.matcher(request.path());
        if (!path.matches()) {
            path = OBJECT_PATH.matcher(request.path());
        }
        if (request.method() != HttpMethod.GET || !path.matches()) {
            routing.next();
            return;
        }
        QueryParameters query;
        try {
            query = QueryParameters.of(request);
        } catch (ApiException malformed) {
            fail(request.response(), malformed);
            return;
        }
        if (!query.flag("watch")) {
            routing.next();
            return;
        }
        String group = path.group(1) != null ? "" : path.group(2);
        String version = path.group(1) != null ? path.group(1) : path.group(3);
        String namespace = path.group(4) == null ? "" : path.group(4);
        Optional<ResourceType> type = catalog.find(group, version, path.group(5));
        String name = path.groupCount() > 5 ? path.group(6) : null;
        if (type.isEmpty() || (!namespace.isEmpty() && !type.get().namespaced())
                || (name != null && namespace.isEmpty() && type.get().namespaced())) {
            routing.next();
            return;
        }
        try {
            ListOptions options = ListOptions.of(query).validated();
            start(request, type.get(), namespace, name == null ? options : options.ofObject(name));
        } catch (ApiException refused) {
            fail(request.response(), refused);
        }
    }

    private void start(HttpServerRequest request, ResourceType type, String namespace, ListOptions options) {
        String labelSelector = options.labelSelector();
        String fieldSelector = options.fieldSelector();
        Predicate<JsonNode> selected = empty(labelSelector) && empty(fieldSelector) ? null
                : Selector.labels(labelSelector).and(Selector.fields(fieldSelector, type.fieldLabels()));
        String accept = request.getHeader("Accept");
        Watch.Lines lines = lines(type, accept != null && accept.contains("as=Table"));
        long from = resourceVersion(options.resourceVersion());
        Consumer<WatchSink> serve = sink -> serve(new Watch(type.recordName(), namespace, selected, lines, sink,
                Math.max(from, 0)), sink, type, namespace, options, from);
        if (asksForWebSocket(request)) {
            request.toWebSocket().onSuccess(socket -> serve.accept(new WebSocketSink(socket)));
        } else {
            serve.accept(new ResponseSink(request.response()));
        }
    }

    /**
     * Whether the watch is asked for over a WebSocket ({@code Connection: Upgrade}, {@code Upgrade: websocket}), as
     * kube-apiserver tells; the options are validated first, so a refused watch is a plain HTTP Status answer.
     */
    private static boolean asksForWebSocket(HttpServerRequest request) {
        String connection = request.getHeader("Connection");
        return "websocket".equalsIgnoreCase(request.getHeader("Upgrade")) && connection != null
                && connection.toLowerCase(Locale.ROOT).contains("upgrade");
    }

    /** Streams the watch's events to its sink until it times out, the client leaves or the watch must end. */
    private void serve(Watch watch, WatchSink sink, ResourceType type, String namespace, ListOptions options,
            long from) {
        hub.add(watch);
        long timer = vertx.setTimer(timeoutMillis(options.timeoutSeconds()), id -> sink.end());
        long bookmarks = options.allowWatchBookmarks()
                ? vertx.setPeriodic(bookmarkPeriodMillis, id -> bookmark(watch, type))
                : -1;
        sink.onClosed(() -> stop(watch, timer, bookmarks));

        onSafeContext(() -> begin(watch, sink, type, namespace, options, from),
                failure -> {
                    stop(watch, timer, bookmarks);
                    sink.cutOff();
                });
    }

    /** What the stream begins with, by the rules in this class's description. */
    private Uni<Void> begin(Watch watch, WatchSink sink, ResourceType type, String namespace,
            ListOptions options, long from) {
        if (options.streamsInitialEvents()) {
            return initialEvents(watch, sink, type, namespace, options, from);
        }
        if (from > 0) {
            return replay(watch, sink, type.recordName(), from, from);
        }
        if (options.sendInitialEvents().isPresent()) {
            return record.currentRevision().invoke(watch::replayed).replaceWithVoid();
        }
        return initialEvents(watch, sink, type, namespace, options, 0);
    }

    /**
     * An ADDED event for every current object the selectors match, in list order, and for a WatchList with
     * bookmarks the bookmark that ends them; then the changes after the list's revision. A WatchList from a
     * resourceVersion the record has not reached ends with the ERROR kube-apiserver sends for it.
     */
    private Uni<Void> initialEvents(Watch watch, WatchSink sink, ResourceType type, String namespace,
            ListOptions options, long notOlderThan) {
        return objects.list(type, namespace, options.labelSelector(), options.fieldSelector())
                .invoke(listed -> {
                    if (listed.revision() < notOlderThan) {
                        ApiException tooLarge = ApiException.tooLargeResourceVersion(notOlderThan, listed.revision());
                        watch.write(WatchEvents.event("ERROR", json.valueToTree(tooLarge.status())));
                        sink.end();
                        return;
                    }
                    watch.listed(ListPage.ordered(listed.items()));
                    if (options.streamsInitialEvents() && options.allowWatchBookmarks()) {
                        watch.write(WatchEvents.initialEventsEnd(type.apiVersion(), type.kind(), listed.revision()));
                    }
                    watch.replayed(listed.revision());
                })
                .replaceWithVoid();
    }

    /**
     * A periodic BOOKMARK at the revision the watch has seen everything up to; none while it still sends what
     * came before its start, whose end that revision could otherwise claim too early.
     */
    private void bookmark(Watch watch, ResourceType type) {
        if (!watch.replaying()) {
            watch.write(WatchEvents.bookmark(type.apiVersion(), type.kind(),
                    Math.max(watch.lastSent(), hub.latest())));
        }
    }

    /**
     * Replays the log's changes of the watched resource past {@code after}, a page at a time, to its end; each
     * page is read once the connection has taken the one before. If compaction removed changes the watch has not
     * replayed yet (before it began, or while it replayed), the watch ends with 410 Expired instead: never a gap.
     */
    private Uni<Void> replay(Watch watch, WatchSink sink, String resource, long from, long after) {
        if (watch.closed()) {
            return Uni.createFrom().voidItem();
        }
        return record.replay(resource, after, REPLAY_PAGE).chain(page -> {
            if (page.compacted() > after) {
                expired(watch, sink, from, page.compacted());
                return Uni.createFrom().voidItem();
            }
            watch.replay(page.changes());
            if (page.changes().size() < REPLAY_PAGE) {
                watch.replayed(after);
                return Uni.createFrom().voidItem();
            }
            long next = page.changes().get(page.changes().size() - 1).revision();
            return drained(sink).chain(() -> replay(watch, sink, resource, from, next));
        });
    }

    /** Completes once the connection's write queue has room again. */
    private static Uni<Void> drained(WatchSink sink) {
        if (!sink.writeQueueFull()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(done -> sink.onDrained(() -> done.complete(null)));
    }

    /** How this watch writes its lines: a change's stored body as it is, unless its version or a Table differs. */
    private Watch.Lines lines(ResourceType type, boolean table) {
        TablePrinter printer = new TablePrinter(json, Clock.systemUTC());
        return new Watch.Lines() {
            @Override
            public JsonNode served(ChangeEvent change) {
                return Versions.toServed(type.apiVersion(), change.object(json));
            }

            @Override
            public Buffer change(String eventType, ChangeEvent change) {
                if (!table && Versions.servedAsStored(type.apiVersion(), type.kind())) {
                    return Buffer.buffer(change.watchLine(eventType));
                }
                return event(WatchEvents.event(eventType, served(change)));
            }

            @Override
            public Buffer event(JsonNode event) {
                return encode(table ? tableEvent(event, printer, type) : event);
            }
        };
    }

    private static boolean empty(String value) {
        return value == null || value.isEmpty();
    }

    /**
     * The client's resourceVersion is older than the log reaches: one ERROR event with a 410 Expired Status, as
     * kube-apiserver sends; clients re-list.
     */
    private void expired(Watch watch, WatchSink sink, long from, long compacted) {
        ApiException expired = ApiException.of(410, "Expired", "too old resource version: " + from + " ("
                + compacted + ")");
        watch.write(WatchEvents.event("ERROR", json.valueToTree(expired.status())));
        sink.end();
    }

    /** The event with its object printed as a one-row Table; a BOOKMARK stays as it is. */
    private static JsonNode tableEvent(JsonNode event, TablePrinter printer, ResourceType resource) {
        String type = event.path("type").asText();
        if (type.equals("BOOKMARK") || type.equals("ERROR")) {
            return event;
        }
        JsonNode object = event.get("object");
        return WatchEvents.event(type, printer.table(resource, List.of(object),
                object.path("metadata").path("resourceVersion").asText()));
    }

    private void stop(Watch watch, long timer, long bookmarks) {
        watch.close();
        hub.remove(watch);
        vertx.cancelTimer(timer);
        if (bookmarks >= 0) {
            vertx.cancelTimer(bookmarks);
        }
    }

    /** Runs database work on a fresh context of its own, as Hibernate Reactive requires. */
    private void onSafeContext(Supplier<Uni<Void>> work, Consumer<Throwable> onFailure) {
        RecordContexts.fresh(vertx).runOnContext(ignored -> work.get().subscribe().with(done -> { }, onFailure));
    }

    private Buffer encode(JsonNode event) {
        try {
            return Buffer.buffer(json.writeValueAsBytes(event)).appendString("\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long resourceVersion(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resourceVersion \"" + value + "\"");
        }
    }

    /**
     * How long the watch stays open: {@code timeoutSeconds}, or the default when it is unset or 0; a negative one
     * has passed already, so the stream ends at once, as in kube-apiserver.
     */
    private long timeoutMillis(OptionalLong timeoutSeconds) {
        long seconds = timeoutSeconds.orElse(0);
        if (seconds == 0) {
            seconds = defaultTimeoutSeconds;
        }
        return seconds < 0 ? 1 : seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : seconds * 1000;
    }

    private void fail(HttpServerResponse response, ApiException refused) {
        StatusResponses.send(response, json, refused);
    }
}
