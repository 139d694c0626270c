package io.messagedispatch.dispatch.lock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import io.messagedispatch.store.embedded.IndexedMemoryBackend;
import io.messagedispatch.support.MutableClock;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster lock between instances that share one store: each touches only the lock it
 * took.
 */
class DispatchLockTests {

	private static final Duration LEASE = Duration.ofMillis(600);

	private MongoServer server;

	private MongoClient client;

	private MongoCollection<Document> locks;

	private final MutableClock clock = new MutableClock(Instant.now());

	private DispatchLock first;

	private DispatchLock second;

	@BeforeEach
	void startStore() {
		this.server = new MongoServer(new IndexedMemoryBackend());
		this.client = MongoClients.create(this.server.bindAndGetConnectionString());
		this.locks = this.client.getDatabase("message").getCollection(DispatchLockConfiguration.COLLECTION);
		this.first = instance(Clock.systemUTC());
		this.second = instance(Clock.systemUTC());
	}

	@AfterEach
	void stopStore() {
		this.first.destroy();
		this.second.destroy();
		this.client.close();
		this.server.shutdown();
	}

	@Test
	void onlyOneInstanceHoldsTheLockAndItsHeartbeatKeepsIt() {
		Optional<DispatchLock.Held> held = this.first.tryAcquire(Instant.now().plusSeconds(60));

		assertThat(held).isPresent();
		Date until = lockUntil();
		await().atMost(Duration.ofSeconds(5)).until(() -> lockUntil().after(until));
		assertThat(this.second.tryAcquire(Instant.now().plusSeconds(60))).isEmpty();
		held.get().release(Duration.ZERO);
		assertThat(this.second.tryAcquire(Instant.now().plusSeconds(60))).isPresent();
	}

	@Test
	void anInstanceWhoseLockWasTakenReleasesNothingOfTheNewHolder() {
		DispatchLock.Held stale = this.first.tryAcquire(Instant.now().plusSeconds(60)).orElseThrow();
		DispatchLock.Held current = secondTakesOver();
		Date taken = lockUntil();

		stale.release(Duration.ZERO);

		assertThat(lockUntil()).as("the new holder's lock stands").isEqualTo(taken);
		assertThat(this.first.tryAcquire(Instant.now().plusSeconds(60))).isEmpty();
		current.release(Duration.ZERO);
	}

	@Test
	void anInstanceWhoseLockWasTakenStopsExtendingItAndTheNewHolderKeepsIt() {
		DispatchLock.Held stale = this.first.tryAcquire(Instant.now().plusSeconds(60)).orElseThrow();
		DispatchLock.Held current = secondTakesOver();
		Date taken = lockUntil();

		await().atMost(Duration.ofSeconds(5)).until(() -> !stale.renewing());
		await().atMost(Duration.ofSeconds(5)).until(() -> lockUntil().after(taken));
		assertThat(current.renewing()).isTrue();
		assertThat(this.first.tryAcquire(Instant.now().plusSeconds(60))).isEmpty();
	}

	@Test
	void aRunStuckPastItsDeadlineStopsRenewingTheLockSoAnotherInstanceTakesOver() {
		DispatchLock stuck = instance(this.clock);
		DispatchLock.Held held = stuck.tryAcquire(this.clock.instant().plusSeconds(60)).orElseThrow();
		assertThat(held.renewing()).isTrue();

		this.clock.advance(Duration.ofSeconds(61));

		await().atMost(Duration.ofSeconds(5)).until(() -> !held.renewing());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.second.tryAcquire(Instant.now().plusSeconds(60)).isPresent());
		stuck.destroy();
	}

	@Test
	void anInstanceEndsItsOwnPauseEarlyButNeverAnotherInstancesLock() {
		this.first.tryAcquire(Instant.now().plusSeconds(60)).orElseThrow().release(Duration.ofMinutes(5));
		assertThat(this.second.tryAcquire(Instant.now().plusSeconds(60))).as("paused").isEmpty();

		assertThat(this.second.endOwnPause()).as("not the second's pause").isFalse();
		assertThat(this.first.endOwnPause()).isTrue();
		assertThat(this.first.endOwnPause()).as("ended already").isFalse();

		DispatchLock.Held taken = this.second.tryAcquire(Instant.now().plusSeconds(60)).orElseThrow();
		Date held = lockUntil();
		taken.release(Duration.ofMinutes(5));
		assertThat(lockUntil()).isAfter(held);
		assertThat(this.first.endOwnPause()).as("the second's pause stands").isFalse();
		assertThat(this.first.tryAcquire(Instant.now().plusSeconds(60))).isEmpty();
	}

	@Test
	void aPauseTakenOverByAnotherInstanceIsNotEndedByTheOneThatKeptIt() {
		this.first.tryAcquire(Instant.now().plusSeconds(60)).orElseThrow().release(Duration.ofMinutes(5));
		DispatchLock.Held current = secondTakesOver();
		Date taken = lockUntil();

		assertThat(this.first.endOwnPause()).isFalse();

		assertThat(lockUntil()).as("the new holder's lock stands").isEqualTo(taken);
		current.release(Duration.ZERO);
	}

	/**
	 * The second instance takes the lock as if the first had stalled past its lease and
	 * the store had expired it. A real takeover happens only once the old lock has
	 * expired, so its expiry is always later; deleting the lock by hand must not let both
	 * expiries fall in the same millisecond.
	 */
	private DispatchLock.Held secondTakesOver() {
		this.locks.deleteMany(new Document());
		long now = System.currentTimeMillis();
		await().atMost(Duration.ofSeconds(1)).until(() -> System.currentTimeMillis() > now);
		return this.second.tryAcquire(Instant.now().plusSeconds(60)).orElseThrow();
	}

	private DispatchLock instance(Clock clock) {
		return new DispatchLock(new MongoLockProvider(this.locks), this.locks, LEASE, clock);
	}

	private Date lockUntil() {
		return this.locks.find(new Document("_id", DispatchLock.NAME)).first().getDate("lockUntil");
	}

}
