package io.kumos.e2e;

import java.util.Comparator;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the {@link SharedKumos} classes after every other class, those of one configuration one after the other: so
 * each shared Kumos is started once, and none is still up, holding the fixed ports, when a class that starts its
 * own Kumos (with or without {@link KumosUp}) runs. The others keep their order.
 */
public final class SharedKumosLast implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing(descriptor -> descriptor
                .findAnnotation(SharedKumos.class).map(shared -> "1 " + String.join(" ", shared.value()))
                .orElse("0")));
    }
}
