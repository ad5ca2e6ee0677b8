package io.kumos.gateway.openapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.status.ApiException;

/**
 * The OpenAPI documents kubectl needs before it writes: {@code /openapi/v3} (an index, then one document per
 * group-version whose PATCH operations accept {@code fieldValidation}, so kubectl 1.29+ leaves validation to the
 * server) and {@code /openapi/v2} as protobuf (kubectl 1.27 and 1.28 load it eagerly before apply, create -f,
 * replace and edit; an empty document means no client-side models, so their validation passes).
 */
@Path("/openapi")
public class OpenApiResource {

    /** kube-apiserver's content type for the v2 protobuf; kubectl refuses the {@code @v1.0} spelling. */
    static final String V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private static final byte[] V2_DOCUMENT = v2Document();

    private final OpenApiV3Documents v3;

    OpenApiResource(OpenApiV3Documents v3) {
        this.v3 = v3;
    }

    @GET
    @Path("v2")
    public Response v2() {
        return Response.ok(V2_DOCUMENT).type(V2_PROTOBUF).build();
    }

    @GET
    @Path("v3")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode v3Index() {
        return v3.index();
    }

    @GET
    @Path("v3/{groupVersion: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode v3Document(@PathParam("groupVersion") String groupVersion) {
        ObjectNode document = v3.document(groupVersion);
        if (document == null) {
            throw ApiException.resourceNotFound("/openapi/v3/" + groupVersion);
        }
        return document;
    }

    /**
     * A gnostic {@code openapi_v2.Document} with {@code swagger} (field 1), {@code info} (2: title 1, version 2)
     * and empty {@code paths} (8), protobuf-encoded by hand: no protobuf runtime is needed for 30 bytes.
     */
    static byte[] v2Document() {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        writeField(info, 1, "Kumos".getBytes(StandardCharsets.UTF_8));
        writeField(info, 2, "v1.30.0".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream document = new ByteArrayOutputStream();
        writeField(document, 1, "2.0".getBytes(StandardCharsets.UTF_8));
        writeField(document, 2, info.toByteArray());
        writeField(document, 8, new byte[0]);
        return document.toByteArray();
    }

    /** A length-delimited field (wire type 2); every length here is below 128, so one byte. */
    private static void writeField(ByteArrayOutputStream out, int number, byte[] value) {
        out.write(number << 3 | 2);
        out.write(value.length);
        out.writeBytes(value);
    }
}
