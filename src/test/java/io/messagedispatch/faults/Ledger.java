package io.messagedispatch.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import io.messagedispatch.message.MessageIds;
import org.bson.Document;

/**
 * The books of a fault scenario: every message inserted is, at the end, either sent or
 * failed; none is lost or left {@code sending}; none was taken by the provider twice
 * except as a wire duplicate of the same key; and none is marked sent that the provider
 * never took.
 *
 * @param wireDuplicates keys the provider took more than once (its idempotency makes them
 * one delivery)
 * @param sentNotAccepted messages marked sent that the provider never took (must be 0)
 */
record Ledger(String scenario, int inserted, int sent, int failed, int lost, int leftSending, int wireDuplicates,
		int sentNotAccepted, Duration took) {

	private static final Path REPORT = Path.of("target", "faults", "ledger.txt");

	static Ledger of(String scenario, Collection<String> insertedIds, MongoCollection<Document> messages,
			Map<String, Integer> acceptedByKey, Duration took) {
		Set<String> ids = Set.copyOf(insertedIds);
		Map<String, String> status = new HashMap<>();
		messages.find().forEach(document -> {
			String id = MessageIds.toText(document.get("_id"));
			if (ids.contains(id)) {
				status.put(id, String.valueOf(document.get("status")));
			}
		});
		int sent = 0;
		int failed = 0;
		int sending = 0;
		int sentNotAccepted = 0;
		for (String id : ids) {
			String current = status.get(id);
			if ("sent".equals(current)) {
				sent++;
				if (!acceptedByKey.containsKey(MessageIds.idempotencyKey(id))) {
					sentNotAccepted++;
				}
			}
			else if ("failed".equals(current)) {
				failed++;
			}
			else if ("sending".equals(current)) {
				sending++;
			}
		}
		int duplicates = (int) ids.stream()
			.filter(id -> acceptedByKey.getOrDefault(MessageIds.idempotencyKey(id), 0) > 1)
			.count();
		return new Ledger(scenario, ids.size(), sent, failed, ids.size() - sent - failed, sending, duplicates,
				sentNotAccepted, took);
	}

	/**
	 * The table row, also appended to {@code target/faults/ledger.txt} for
	 * {@code make faults}.
	 */
	Ledger report() {
		String row = String.format("| %-44s | %8d | %8d | %6d | %4d | %7d | %8d | %9d | %7.1fs |", this.scenario,
				this.inserted, this.sent, this.failed, this.lost, this.leftSending, this.wireDuplicates,
				this.sentNotAccepted, this.took.toMillis() / 1000.0);
		System.out.println("LEDGER " + row);
		try {
			Files.createDirectories(REPORT.getParent());
			try {
				// the first row of the whole test run writes the header, whichever test
				// JVM it comes from
				Files.writeString(REPORT,
						String.format("| %-44s | %8s | %8s | %6s | %4s | %7s | %8s | %9s | %8s |%n", "scenario",
								"inserted", "sent", "failed", "lost", "sending", "wire dup", "sent!=acc", "took"),
						StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			}
			catch (FileAlreadyExistsException alreadyWritten) {
				// another row came first
			}
			Files.writeString(REPORT, row + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

}
