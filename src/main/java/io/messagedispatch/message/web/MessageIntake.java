package io.messagedispatch.message.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageProperties;
import io.messagedispatch.message.MessageRules;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.web.refusals.IdempotencyKeyReusedException;
import io.messagedispatch.message.web.refusals.MessageRejectedException;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Accepts new messages into the queue: all of a request is validated before any of it is
 * stored, and an {@code Idempotency-Key} makes a retried request return what the first
 * one created instead of storing it again.
 */
@Service
class MessageIntake {

	private static final Logger log = LoggerFactory.getLogger(MessageIntake.class);

	private final Messages messages;

	private final IdempotencyKeys keys;

	private final MessageRules rules;

	private final MessageProperties properties;

	private final Clock clock;

	MessageIntake(Messages messages, IdempotencyKeys keys, MessageRules rules, MessageProperties properties,
			Clock clock) {
		this.messages = messages;
		this.keys = keys;
		this.rules = rules;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Stores the requested messages as enqueued by {@code client}, or with a key that
	 * client used before, returns the messages that key created.
	 * @param client the client system that asks; null for the operator (and the open API)
	 */
	Accepted accept(List<MessageRequest> requests, String client, String idempotencyKey, String endpoint) {
		Instant now = now();
		List<MessageSchedule> schedules;
		try {
			schedules = validate(requests, now);
		}
		catch (MessageRejectedException ex) {
			// a retry of a request accepted earlier is answered as it was, even when a
			// time
			// limit it named has passed since
			if (idempotencyKey != null && requests.stream()
				.allMatch(request -> request != null && request.phoneNumber() != null && request.content() != null)) {
				String fingerprint = fingerprint(endpoint, requests);
				Optional<IdempotencyKeys.KeyUse> earlier = this.keys.find(client, idempotencyKey)
					.filter(use -> use.fingerprint().equals(fingerprint));
				if (earlier.isPresent()) {
					return new Accepted(this.messages.findAllById(earlier.get().messageIds()), true);
				}
			}
			throw ex;
		}
		if (idempotencyKey == null) {
			return new Accepted(store(newIds(requests.size()), requests, schedules, now, client), false);
		}
		List<String> ids = newIds(requests.size());
		String fingerprint = fingerprint(endpoint, requests);
		Optional<IdempotencyKeys.KeyUse> earlier = this.keys.take(client, idempotencyKey, fingerprint, ids);
		if (earlier.isEmpty()) {
			return new Accepted(store(ids, requests, schedules, now, client), false);
		}
		if (!earlier.get().fingerprint().equals(fingerprint)) {
			throw new IdempotencyKeyReusedException();
		}
		List<String> earlierIds = earlier.get().messageIds();
		List<Message> stored = this.messages.findAllById(earlierIds);
		if (stored.size() < earlierIds.size()) {
			// the first request took the key but stopped before storing everything:
			// finish its work
			log.info("Completing an interrupted request for idempotency key with {} message(s)", earlierIds.size());
			store(earlierIds, requests, schedules, now, client);
			stored = this.messages.findAllById(earlierIds);
		}
		return new Accepted(stored, true);
	}

	/**
	 * Checks every request against the rules, naming each broken field with its batch
	 * index, and returns when, until when and how urgently each may go.
	 */
	private List<MessageSchedule> validate(List<MessageRequest> requests, Instant now) {
		if (requests.isEmpty()) {
			throw new MessageRejectedException("messages", "must hold at least one message");
		}
		if (requests.size() > this.properties.maxBatchSize()) {
			throw new MessageRejectedException("messages",
					"must hold at most " + this.properties.maxBatchSize() + " messages");
		}
		List<MessageRules.Violation> violations = new ArrayList<>();
		List<MessageSchedule> schedules = new ArrayList<>(requests.size());
		for (int i = 0; i < requests.size(); i++) {
			MessageRequest request = requests.get(i);
			List<MessageRules.Violation> found = new ArrayList<>();
			if (request == null) {
				found.add(new MessageRules.Violation("message", "must not be null"));
			}
			else {
				found.addAll(this.rules.check(request.phoneNumber(), request.content()));
				MessageSchedule.Result schedule = MessageSchedule.read(request, this.properties, now);
				found.addAll(schedule.violations());
				schedules.add(schedule.schedule());
			}
			String prefix = requests.size() == 1 ? null : "messages[" + i + "]";
			found.forEach(violation -> violations.add(prefix == null ? violation : violation.at(prefix)));
		}
		if (!violations.isEmpty()) {
			throw new MessageRejectedException(violations);
		}
		return schedules;
	}

	private List<Message> store(List<String> ids, List<MessageRequest> requests, List<MessageSchedule> schedules,
			Instant now, String client) {
		List<Message> messages = new ArrayList<>(requests.size());
		for (int i = 0; i < requests.size(); i++) {
			MessageRequest request = requests.get(i);
			MessageSchedule schedule = schedules.get(i);
			messages.add(Message.accepted(ids.get(i), request.phoneNumber(), request.content(), now)
				.scheduled(schedule.sendAt(), schedule.expiresAt(), schedule.priority())
				.enqueuedBy(client));
		}
		this.messages.insertAll(messages);
		return messages;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private static List<String> newIds(int count) {
		Set<String> ids = new HashSet<>();
		List<String> ordered = new ArrayList<>(count);
		while (ordered.size() < count) {
			String id = new ObjectId().toHexString();
			if (ids.add(id)) {
				ordered.add(id);
			}
		}
		return ordered;
	}

	private static String fingerprint(String endpoint, List<MessageRequest> requests) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(endpoint.getBytes(StandardCharsets.UTF_8));
			CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder();
			for (MessageRequest request : requests) {
				digest.update((byte) 0);
				update(digest, utf8, request.phoneNumber());
				digest.update((byte) 0);
				update(digest, utf8, request.content());
				// the optional fields count only when given, so a key taken for a request
				// of the earlier shape keeps its fingerprint
				optional(digest, utf8, 's', request.sendAt());
				optional(digest, utf8, 'v', request.validFor());
				optional(digest, utf8, 'e', request.expiresAt());
				optional(digest, utf8, 'p', request.priority());
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	private static void optional(MessageDigest digest, CharsetEncoder utf8, char name, String value) {
		if (value != null) {
			digest.update((byte) 1);
			digest.update((byte) name);
			update(digest, utf8, value);
		}
	}

	/**
	 * One field of the fingerprint, written so that no two requests share a fingerprint:
	 * its UTF-8 bytes, unless those cannot tell it apart (it holds U+0000 or U+0001, the
	 * bytes that separate the fields, or an unpaired surrogate, which UTF-8 turns into
	 * '?'); then 0xFF, a byte UTF-8 never holds, its length and its UTF-16 code units as
	 * they are.
	 */
	private static void update(MessageDigest digest, CharsetEncoder utf8, String field) {
		if (field.indexOf('\0') < 0 && field.indexOf('\u0001') < 0 && utf8.canEncode(field)) {
			digest.update(field.getBytes(StandardCharsets.UTF_8));
			return;
		}
		ByteBuffer units = ByteBuffer.allocate(5 + 2 * field.length()).put((byte) 0xFF).putInt(field.length());
		units.asCharBuffer().put(field);
		digest.update(units.array());
	}

	/**
	 * The messages a request stored, and whether they were stored by an earlier request
	 * with the same key.
	 */
	record Accepted(List<Message> messages, boolean replayed) {
	}

}
