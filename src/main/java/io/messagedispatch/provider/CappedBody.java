package io.messagedispatch.provider;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body up to a number of bytes and stops there, so that a provider answering with a huge or endless
 * body cannot fill the memory: what is kept is enough to classify the answer and find its messageId. Once the limit is
 * passed the rest is not read: the subscription is cancelled, which closes the connection.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

	private final int limit;

	private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

	private final CompletableFuture<byte[]> body = new CompletableFuture<>();

	private Flow.Subscription subscription;

	private CappedBody(int limit) {
		this.limit = limit;
	}

	/**
	 * A body handler giving the first {@code limit} bytes of the body as text, in the charset of its
	 * {@code Content-Type} (UTF-8 when none is named or it is unknown).
	 */
	static HttpResponse.BodyHandler<String> handler(int limit) {
		return info -> HttpResponse.BodySubscribers.mapping(new CappedBody(limit),
				bytes -> new String(bytes, charset(info.headers())));
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
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
