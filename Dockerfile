# syntax=docker/dockerfile:1
# Build with the Maven wrapper, run the layered jar on a JRE as a non-root user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
# no .git in the build context: /actuator/info shows the build but no git section
RUN ./mvnw -B -q package -DskipTests \
	&& java -Djarmode=tools -jar target/message-dispatch-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre AS run
RUN groupadd --system --gid 10001 app \
	&& useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
# least often changed first, so that a code change rebuilds only the last layer
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY .config .config
# the JVM sizes itself from the container's memory and CPU limits; it dies rather than limps on when memory runs out
ENV APP_ENV=prod \
	SERVER_PORT=8080 \
	JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError"
# numeric, so that Kubernetes' runAsNonRoot can verify it
USER 10001:10001
EXPOSE 8080
# the JRE image has neither curl nor wget: bash's /dev/tcp sends the request and the status line is checked
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
	CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q '^HTTP/1\\.[01] 200'"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
