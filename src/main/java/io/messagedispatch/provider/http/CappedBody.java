package io.messagedispatch.provider.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads a response body up to a number of bytes and stops there, so that a provider
 * answering with a huge or endless body cannot fill the memory: what is kept is enough to
 * classify the answer and find its messageId. Once the limit is passed the rest is not
 * read: the subscription is cancelled, which closes the connection.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

	private final int limit;

	private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

	private final CompletableFuture<byte[]> body = new CompletableFuture<>();

	private final ScheduledExecutorService deadlines;

	private final long deadlineNanos;

	private final Duration deadline;

	private volatile Flow.Subscription subscription;

	private CappedBody(int limit, ScheduledExecutorService deadlines, long deadlineNanos, Duration deadline) {
		this.limit = limit;
		this.deadlines = deadlines;
		this.deadlineNanos = deadlineNanos;
		this.deadline = deadline;
	}

	/**
	 * A body handler giving the first {@code limit} bytes of the body as text, in the
	 * charset of its {@code Content-Type} (UTF-8 when none is named or it is unknown). A
	 * body still coming when {@code deadlineNanos} (of {@link System#nanoTime()}) passes
	 * ends the exchange with an {@link HttpTimeoutException}.
	 */
	static HttpResponse.BodyHandler<String> handler(int limit, ScheduledExecutorService deadlines, long deadlineNanos,
			Duration deadline) {
		return info -> HttpResponse.BodySubscribers.mapping(new CappedBody(limit, deadlines, deadlineNanos, deadline),
				bytes -> new String(bytes, charset(info.headers())));
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		long left = this.deadlineNanos - System.nanoTime();
		if (left <= 0) {
			expire();
			return;
		}
		ScheduledFuture<?> expiry = this.deadlines.schedule(this::expire, left, TimeUnit.NANOSECONDS);
		this.body.whenComplete((bytes, failure) -> expiry.cancel(false));
		subscription.request(Long.MAX_VALUE);
	}

	private void expire() {
		if (this.body.completeExceptionally(
				new HttpTimeoutException("no complete answer within " + this.deadline.toMillis() + " ms"))) {
			this.subscription.cancel();
		}
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		if (this.body.isDone()) {
			return;
		}
		for (ByteBuffer buffer : buffers) {
			int take = Math.min(buffer.remaining(), this.limit - this.kept.size());
			byte[] bytes = new byte[take];
			buffer.get(bytes);
			this.kept.write(bytes, 0, take);
			if (buffer.hasRemaining()) {
				this.body.complete(this.kept.toByteArray());
				this.subscription.cancel();
				return;
			}
		}
	}

	@Override
	public void onError(Throwable failure) {
		this.body.completeExceptionally(failure);
	}

	@Override
	public void onComplete() {
		this.body.complete(this.kept.toByteArray());
	}

	@Override
	public CompletionStage<byte[]> getBody() {
		return this.body;
	}

	private static Charset charset(HttpHeaders headers) {
		String type = headers.firstValue("Content-Type").orElse("");
		for (String parameter : type.split(";")) {
			String trimmed = parameter.trim();
			if (trimmed.regionMatches(true, 0, "charset=", 0, 8)) {
				try {
					return Charset.forName(trimmed.substring(8).replace("\"", "").trim());
				}
				catch (IllegalArgumentException ex) {
					return StandardCharsets.UTF_8;
				}
			}
		}
		return StandardCharsets.UTF_8;
	}

}
