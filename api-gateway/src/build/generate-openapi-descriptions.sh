#!/usr/bin/env bash
# Regenerates src/main/resources/kumos/openapi/descriptions.json from io.kubernetes:client-java-api (see
# OpenApiDescriptions.java). Run from anywhere; needs the Maven wrapper's network (or a warm ~/.m2).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
for artifact in io.kubernetes:client-java-api:26.0.0 io.swagger:swagger-annotations:1.6.16 \
        com.google.code.gson:gson:2.11.0 jakarta.annotation:jakarta.annotation-api:2.1.1; do
    "$root/mvnw" -q -B dependency:get -Dtransitive=false -Dartifact="$artifact" >/dev/null
done
classpath="$repo/io/kubernetes/client-java-api/26.0.0/client-java-api-26.0.0.jar"
classpath+=":$repo/io/swagger/swagger-annotations/1.6.16/swagger-annotations-1.6.16.jar"
classpath+=":$repo/com/google/code/gson/gson/2.11.0/gson-2.11.0.jar"
classpath+=":$repo/jakarta/annotation/jakarta.annotation-api/2.1.1/jakarta.annotation-api-2.1.1.jar"
out="$root/api-gateway/src/main/resources/kumos/openapi/descriptions.json"
mkdir -p "$(dirname "$out")"
java --class-path "$classpath" "$here/OpenApiDescriptions.java" "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"
