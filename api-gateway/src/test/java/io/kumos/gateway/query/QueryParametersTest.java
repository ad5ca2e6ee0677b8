package io.kumos.gateway.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.kumos.gateway.status.ApiException;

/** Query parameters read as kube-apiserver's {@code Convert_Slice_string_To_*} conversions read them. */
class QueryParametersTest {

    private static QueryParameters query(String query) {
        return QueryParameters.ofUri("/api/v1/pods?" + query);
    }

    @Test
    void aBooleanIsFalseOnlyWhenAbsentZeroOrFalseInAnyCase() {
        for (String yes : List.of("true", "True", "TRUE", "t", "T", "1", "yes", "", "2", "f", "F")) {
            assertTrue(query("watch=" + yes).flag("watch"), yes);
        }
        assertTrue(query("watch").flag("watch"), "a bare name is an empty value");
        for (String no : List.of("false", "False", "FALSE", "fAlSe", "0")) {
            assertFalse(query("watch=" + no).flag("watch"), no);
        }
        assertFalse(query("other=true").flag("watch"));
        assertEquals(Optional.empty(), query("watch=true").optionalFlag("sendInitialEvents"));
        assertEquals(Optional.of(false), query("sendInitialEvents=FALSE").optionalFlag("sendInitialEvents"));
        assertEquals(Optional.of(true), query("sendInitialEvents=F").optionalFlag("sendInitialEvents"),
                "only 0 and false are false: not Go's strconv.ParseBool");
    }

    @Test
    void namesAreCaseSensitiveAndTheFirstOfARepeatedParameterCounts() {
        assertFalse(query("Watch=true").flag("watch"));
        assertEquals(OptionalLong.of(2), query("limit=2&limit=abc").integer("limit"));
        assertEquals("a=b", query("labelSelector=a%3Db&labelSelector=c").text("labelSelector"));
        assertEquals("a b", query("fieldSelector=a+b").text("fieldSelector"), "+ is a space, as in Go");
        assertEquals(List.of("ls", "-l"), query("command=ls&command=-l").all("command"));
    }

    @Test
    void integersAreGoParseInt() {
        assertEquals(OptionalLong.of(-5), query("limit=-5").integer("limit"));
        assertEquals(OptionalLong.of(7), query("limit=%2B7").integer("limit"));
        assertEquals(OptionalLong.of(Long.MAX_VALUE), query("limit=9223372036854775807").integer("limit"));
        assertEquals(OptionalLong.empty(), query("watch=1").integer("limit"));
        assertRefused("limit=abc", "strconv.ParseInt: parsing \"abc\": invalid syntax");
        assertRefused("limit=", "strconv.ParseInt: parsing \"\": invalid syntax");
        assertRefused("limit=1.5", "strconv.ParseInt: parsing \"1.5\": invalid syntax");
        assertRefused("limit=%D9%A3", "strconv.ParseInt: parsing \"\u0663\": invalid syntax");
        assertRefused("limit=9223372036854775808", "strconv.ParseInt: parsing \"9223372036854775808\": value out of "
                + "range");
        assertRefused("limit=%22%0A", "strconv.ParseInt: parsing \"\\\"\\n\": invalid syntax");
    }

    private static void assertRefused(String query, String message) {
        ApiException refused = assertThrows(ApiException.class, () -> query(query).integer("limit"));
        assertEquals(400, refused.status().getCode());
        assertEquals("BadRequest", refused.status().getReason());
        assertEquals(message, refused.status().getMessage());
    }
}
