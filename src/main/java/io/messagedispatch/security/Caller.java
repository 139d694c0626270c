package io.messagedispatch.security;

import java.util.Objects;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Who made the current API call: the operator, who may do everything, or a client system
 * by the name its key is configured under, which may enqueue, look up and cancel its own
 * messages and read their receipts and its own sent messages, nothing else.
 * <p>
 * The bearer token filter records the caller on every request it lets through. A request
 * it did not see is the operator's: that is the open API of an environment with no
 * credentials configured (dev), where the filter is off.
 */
public final class Caller {

	/** The request attribute the filter records the caller under. */
	static final String ATTRIBUTE = Caller.class.getName();

	private static final Caller OPERATOR = new Caller(null);

	private final String client;

	private Caller(String client) {
		this.client = client;
	}

	/** The operator: every call, every client's messages. */
	public static Caller operator() {
		return OPERATOR;
	}

	/** The client system configured under this name: its own messages only. */
	public static Caller client(String name) {
		return new Caller(Objects.requireNonNull(name, "a client has a name"));
	}

	/**
	 * The caller of the request being handled on this thread.
	 * @throws IllegalStateException outside a request
	 */
	public static Caller current() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request == null) {
			throw new IllegalStateException("There is a caller only while a request is handled");
		}
		Object caller = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		return (caller instanceof Caller known) ? known : OPERATOR;
	}

	public boolean isOperator() {
		return this.client == null;
	}

	/**
	 * The client's name, as recorded on the messages it enqueues; null for the operator.
	 */
	public String clientName() {
		return this.client;
	}

	/**
	 * Whether this caller may see a message that {@code enqueuedBy} enqueued (null: the
	 * operator or the open API did): the operator sees every message, a client only its
	 * own.
	 */
	public boolean canSee(String enqueuedBy) {
		return isOperator() || this.client.equals(enqueuedBy);
	}

	/**
	 * Refuses the call unless the operator makes it.
	 * @throws OperatorOnlyException for a client
	 */
	public void requireOperator() {
		if (!isOperator()) {
			throw new OperatorOnlyException();
		}
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Caller caller && Objects.equals(this.client, caller.client);
	}

	@Override
	public int hashCode() {
		return Objects.hashCode(this.client);
	}

	@Override
	public String toString() {
		return isOperator() ? "operator" : "client " + this.client;
	}

}
