package io.kumos.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The decisions of a group commit: each write as if it were its own transaction, in arrival order. */
class WriteBatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectKey A = new ObjectKey("core/configmaps", "ns", "a");
    private static final ObjectKey B = new ObjectKey("core/configmaps", "ns", "b");

    private static ObjectNode object(String value) {
        ObjectNode object = JSON.createObjectNode();
        object.putObject("metadata").put("name", "x");
        object.putObject("data").put("k", value);
        return object;
    }

    private static WriteBatch decide(long current, Map<ObjectKey, WriteBatch.Row> existing, Write... writes) {
        return new WriteBatch(current, existing, List.of(writes), Object::toString,
                (body, revision) -> body + "@" + revision);
    }

    private static RecordException.Reason reason(WriteBatch.Outcome outcome) {
        return ((RecordException) outcome.refusal()).reason();
    }

    @Test
    void acceptedWritesTakeConsecutiveRevisionsAndRefusedOnesNone() {
        UUID uid = UUID.randomUUID();
        WriteBatch batch = decide(10, Map.of(A, new WriteBatch.Row(uid, 7, "{}", false)),
                new Write.Create(A, UUID.randomUUID(), object("dup")),
                new Write.Create(B, UUID.randomUUID(), object("new")),
                new Write.Update(A, 6, object("stale")),
                new Write.Update(A, 7, object("fresh")));
        List<WriteBatch.Outcome> outcomes = batch.outcomes();
        assertEquals(RecordException.Reason.ALREADY_EXISTS, reason(outcomes.get(0)));
        assertEquals(11, outcomes.get(1).stored().revision());
        assertEquals(RecordException.Reason.CONFLICT, reason(outcomes.get(2)));
        assertEquals(12, outcomes.get(3).stored().revision());
        assertEquals(uid, outcomes.get(3).stored().uid(), "an update keeps the object's uid");
        assertEquals(12, batch.revision());
        assertEquals(List.of(11L, 12L), batch.changes().stream().map(ChangeEvent::revision).toList());
        assertTrue(outcomes.get(3).stored().body().contains("\"resourceVersion\":\"12\""));
    }

    @Test
    void laterWritesOfABatchSeeTheEarlierOnes() {
        UUID uid = UUID.randomUUID();
        WriteBatch batch = decide(0, Map.of(),
                new Write.Create(A, uid, object("1")),
                new Write.Update(A, 1, object("2")),
                new Write.Update(A, 1, object("lost race")),
                new Write.Delete(A, 2),
                new Write.Delete(A, 0),
                new Write.Create(A, UUID.randomUUID(), object("again")));
        List<WriteBatch.Outcome> outcomes = batch.outcomes();
        assertEquals(2, outcomes.get(1).stored().revision());
        assertEquals(RecordException.Reason.CONFLICT, reason(outcomes.get(2)));
        assertEquals(3, outcomes.get(3).stored().revision());
        assertTrue(outcomes.get(3).stored().body().endsWith("@3"), "a deletion logs the last state at its revision");
        assertEquals(RecordException.Reason.NOT_FOUND, reason(outcomes.get(4)));
        assertEquals(4, outcomes.get(5).stored().revision());
        assertEquals(List.of("ADDED", "MODIFIED", "DELETED", "ADDED"),
                batch.changes().stream().map(ChangeEvent::type).toList());
        assertEquals(4, batch.rows().get(A).revision(), "the object's final state is what is written");
    }

    @Test
    void anObjectDeletedInTheBatchIsRemoved() {
        WriteBatch batch = decide(5, Map.of(A, new WriteBatch.Row(UUID.randomUUID(), 5, "{\"old\":1}", false)),
                new Write.Delete(A, 5));
        assertTrue(batch.rows().containsKey(A));
        assertNull(batch.rows().get(A));
        assertEquals("{\"old\":1}@6", batch.changes().get(0).body());
    }

    @Test
    void aWriteThatCannotBeWrittenFailsAloneAndTakesNoRevision() {
        ObjectNode unwritable = object("x");
        WriteBatch batch = new WriteBatch(0, Map.of(), List.of(new Write.Create(A, UUID.randomUUID(), object("1")),
                new Write.Create(B, UUID.randomUUID(), unwritable)), written -> {
                    if (written == unwritable) {
                        throw new IllegalStateException("too deep to write");
                    }
                    return written.toString();
                }, (body, revision) -> body);
        assertEquals(1, batch.outcomes().get(0).stored().revision());
        assertEquals("too deep to write", batch.outcomes().get(1).refusal().getMessage());
        assertEquals(1, batch.revision());
        assertEquals(List.of(A), List.copyOf(batch.rows().keySet()));
    }

    @Test
    void aCreateGoesOnlyIntoANamespaceThatExistsAndIsNotTerminatingAtThatPointOfTheBatch() {
        ObjectKey live = new ObjectKey("core/namespaces", "", "live");
        ObjectKey ending = new ObjectKey("core/namespaces", "", "ending");
        ObjectKey born = new ObjectKey("core/namespaces", "", "born");
        ObjectKey doomed = new ObjectKey("core/namespaces", "", "doomed");
        ObjectNode deleting = object("deleting");
        deleting.with("metadata").put("deletionTimestamp", "2026-12-07T16:00:00Z");
        WriteBatch batch = decide(1, Map.of(live, new WriteBatch.Row(UUID.randomUUID(), 1, "{}", false),
                        ending, new WriteBatch.Row(UUID.randomUUID(), 1, "{}", true),
                        doomed, new WriteBatch.Row(UUID.randomUUID(), 1, "{}", false)),
                new Write.Create(in("live", "a"), UUID.randomUUID(), object("1"), live),
                new Write.Create(in("ending", "a"), UUID.randomUUID(), object("2"), ending),
                new Write.Create(in("gone", "a"), UUID.randomUUID(), object("3"),
                        new ObjectKey("core/namespaces", "", "gone")),
                new Write.Create(in("born", "a"), UUID.randomUUID(), object("4"), born),
                new Write.Create(born, UUID.randomUUID(), object("ns")),
                new Write.Create(in("born", "b"), UUID.randomUUID(), object("5"), born),
                new Write.Update(doomed, 1, deleting),
                new Write.Create(in("doomed", "a"), UUID.randomUUID(), object("6"), doomed));
        List<WriteBatch.Outcome> outcomes = batch.outcomes();
        assertEquals(2, outcomes.get(0).stored().revision());
        assertEquals(RecordException.Reason.NAMESPACE_TERMINATING, reason(outcomes.get(1)));
        assertEquals(RecordException.Reason.NAMESPACE_NOT_FOUND, reason(outcomes.get(2)));
        assertEquals(RecordException.Reason.NAMESPACE_NOT_FOUND, reason(outcomes.get(3)), "before it was created");
        assertEquals(4, outcomes.get(5).stored().revision(), "after it was created, in the same batch");
        assertEquals(RecordException.Reason.NAMESPACE_TERMINATING, reason(outcomes.get(7)),
                "after its deletion began, in the same batch");
        assertTrue(batch.rows().get(doomed).terminating(), "the row written says it is terminating");
    }

    private static ObjectKey in(String namespace, String name) {
        return new ObjectKey("core/configmaps", namespace, name);
    }

    @Test
    void ownerUidsAreWhatTheGarbageCollectorSearchesBy() throws Exception {
        assertEquals("u1\u001fu2", GroupCommit.ownerUids(JSON.readTree(
                "{\"ownerReferences\":[{\"uid\":\"u1\"},{\"name\":\"no uid\"},{\"uid\":\"u2\"}]}")));
        assertEquals("", GroupCommit.ownerUids(JSON.readTree("{\"ownerReferences\":\"not a list\"}")));
        // What a PostgreSQL text cannot hold, or what would split a uid in two, is replaced.
        assertEquals("a\ufffdb\u001fc\ufffdd", GroupCommit.ownerUids(JSON.readTree(
                "{\"ownerReferences\":[{\"uid\":\"a\\u0000b\"},{\"uid\":\"c\\u001fd\"}]}")));
    }
}
