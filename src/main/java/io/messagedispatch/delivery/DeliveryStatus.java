package io.messagedispatch.delivery;

import java.util.Arrays;
import java.util.Optional;

/** What the provider reports of a message's delivery to the phone. */
public enum DeliveryStatus {

	/** It reached the phone. */
	DELIVERED("delivered"),
	/**
	 * It did not reach the phone (switched off, out of reach) and the provider gave up.
	 */
	UNDELIVERED("undelivered"),
	/** The provider or the network refused it. */
	FAILED("failed");

	private final String value;

	DeliveryStatus(String value) {
		this.value = value;
	}

	/** The status as the API and the store write it. */
	public String value() {
		return this.value;
	}

	/** The status written exactly so; empty for anything else. */
	public static Optional<DeliveryStatus> fromValue(String value) {
		return Arrays.stream(values()).filter(status -> status.value.equals(value)).findFirst();
	}

}
