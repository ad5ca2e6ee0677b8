package io.kumos.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.testing.KumosInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** The record against the real PostgreSQL. Each test writes under a resource named after itself. */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class ObjectRecordIT {

    @Inject
    ObjectRecord record;

    @Inject
    Pool pool;

    private String resource;

    @BeforeEach
    void nameAfterTheTest(TestInfo test) {
        resource = "test.kumos.io/" + test.getTestMethod().orElseThrow().getName().toLowerCase();
    }

    private ObjectKey key(String name) {
        return new ObjectKey(resource, "ns", name);
    }

    private static String body(String name, String data) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\"},\"data\":{\"k\":\"" + data + "\"}}";
    }

    @Test
    @RunOnVertxContext
    void createStampsTheRevisionIntoTheBody(UniAsserter asserter) {
        ObjectKey key = key("a");
        UUID uid = UUID.randomUUID();
        asserter.assertThat(() -> record.create(key, uid, body("a", "1")), stored -> {
            assertEquals(uid, stored.uid());
            assertTrue(stored.body().contains("\"resourceVersion\":\"" + stored.revision() + "\""), stored.body());
        });
        asserter.assertThat(() -> record.find(key), found -> {
            assertTrue(found.isPresent());
            assertTrue(found.get().body().contains("\"k\":\"1\""), found.get().body());
        });
    }

    @Test
    @RunOnVertxContext
    void aDuplicateCreateIsRefusedAndTakesNoRevision(UniAsserter asserter) {
        ObjectKey key = key("dup");
        asserter.execute(() -> record.create(key, UUID.randomUUID(), body("dup", "1")));
        asserter.assertThat(() -> record.currentRevision().chain(before -> record
                .create(key, UUID.randomUUID(), body("dup", "2"))
                .onFailure(RecordException.class).recoverWithItem(failure -> {
                    assertEquals(RecordException.Reason.ALREADY_EXISTS, ((RecordException) failure).reason());
                    return null;
                })
                .chain(() -> record.currentRevision())
                .map(after -> after - before)), gap -> assertEquals(0L, gap));
        asserter.assertThat(() -> record.find(key), found -> assertTrue(found.get().body().contains("\"k\":\"1\"")));
    }

    @Test
    @RunOnVertxContext
    void aStaleResourceVersionIsAConflictAndTheCurrentOneWins(UniAsserter asserter) {
        ObjectKey key = key("b");
        asserter.assertThat(() -> record.create(key, UUID.randomUUID(), body("b", "1"))
                .chain(created -> record.update(key, created.revision(), body("b", "2"))
                        .chain(updated -> record.update(key, created.revision(), body("b", "stale"))
                                .map(unexpected -> "no conflict")
                                .onFailure(RecordException.class)
                                .recoverWithItem(failure -> ((RecordException) failure).reason().name()))),
                outcome -> assertEquals("CONFLICT", outcome));
        asserter.assertThat(() -> record.find(key), found -> assertTrue(found.get().body().contains("\"k\":\"2\"")));
        asserter.assertThat(() -> record.update(new ObjectKey(key.resource(), "ns", "missing"), 0, body("x", "1"))
                .map(unexpected -> "updated").onFailure(RecordException.class)
                .recoverWithItem(failure -> ((RecordException) failure).reason().name()),
                outcome -> assertEquals("NOT_FOUND", outcome));
    }

    @Test
    @RunOnVertxContext
    void deleteRemovesTheObjectAndLogsItsLastState(UniAsserter asserter) {
        ObjectKey key = key("c");
        asserter.assertThat(() -> record.create(key, UUID.randomUUID(), body("c", "1"))
                .chain(created -> record.delete(key, created.revision())
                        .chain(deleted -> record.changesSince(created.revision() - 1, 10))),
                changes -> {
                    assertEquals(List.of("ADDED", "DELETED"), changes.stream().map(ChangeEvent::type).toList());
                    ChangeEvent deleted = changes.get(1);
                    assertTrue(deleted.body().contains("\"resourceVersion\":\"" + deleted.revision() + "\""));
                    assertEquals(key, deleted.key());
                });
        asserter.assertThat(() -> record.find(key), found -> assertTrue(found.isEmpty()));
    }

    @Test
    @RunOnVertxContext
    void concurrentWritersGetUniqueGapFreeRevisionsInLogOrder(UniAsserter asserter) {
        int writers = 40;
        asserter.assertThat(() -> record.currentRevision().chain(before -> Uni.join()
                .all(IntStream.range(0, writers)
                        .mapToObj(i -> record.create(key("w" + i), UUID.randomUUID(), body("w" + i, "x")))
                        .toList())
                .andFailFast()
                .chain(created -> record.changesSince(before, writers * 2))
                .map(changes -> {
                    List<Long> revisions = changes.stream().map(ChangeEvent::revision).toList();
                    assertEquals(LongStream.rangeClosed(before + 1, before + writers).boxed().toList(), revisions);
                    return changes.size();
                })), size -> assertEquals(writers, size));
    }

    @Test
    @RunOnVertxContext
    void anyStringIsStoredAndReturnedUnchangedNulIncluded(UniAsserter asserter) {
        ObjectKey key = key("nul");
        String value = "a\\u0000b \\ud83d\\ude00 \\\" end";
        asserter.execute(() -> record.create(key, UUID.randomUUID(), body("nul", value)));
        asserter.assertThat(() -> record.find(key), found -> assertEquals("a\u0000b \ud83d\ude00 \" end",
                parse(found.get().body()).path("data").path("k").asText()));
    }

    @Test
    @RunOnVertxContext
    void writesToOneObjectSubmittedTogetherBehaveAsTransactionsInOrder(UniAsserter asserter) {
        ObjectKey key = key("together");
        asserter.assertThat(() -> record.create(key, UUID.randomUUID(), body("together", "0"))
                .chain(created -> Uni.join().all(IntStream.range(0, 20)
                        .mapToObj(i -> record.update(key, created.revision(), body("together", "u" + i))
                                .map(updated -> "updated").onFailure(RecordException.class)
                                .recoverWithItem(failure -> ((RecordException) failure).reason().name()))
                        .toList()).andFailFast()),
                outcomes -> {
                    assertEquals(1, outcomes.stream().filter("updated"::equals).count(), outcomes.toString());
                    assertEquals(19, outcomes.stream().filter("CONFLICT"::equals).count(), outcomes.toString());
                });
    }

    @Test
    @RunOnVertxContext
    void theDatabaseCommitsDurably(UniAsserter asserter) {
        for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
            asserter.assertThat(() -> pool.query("SHOW " + setting).execute()
                    .map(rows -> rows.iterator().next().getString(0)), value -> assertEquals("on", value, setting));
        }
    }

    private static JsonNode parse(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
