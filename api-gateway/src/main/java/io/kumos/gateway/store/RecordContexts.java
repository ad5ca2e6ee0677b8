package io.kumos.gateway.store;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Vert.x contexts for record work started outside a request (timers, streams): Hibernate Reactive keeps its
 * session on the context and insists on a duplicated one flagged safe, fresh for each unit of work.
 */
public final class RecordContexts {

    private RecordContexts() {
    }

    public static Context fresh(Vertx vertx) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }
}
