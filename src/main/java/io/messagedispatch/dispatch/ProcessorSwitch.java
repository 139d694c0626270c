package io.messagedispatch.dispatch;

import java.time.Clock;
import java.util.Date;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.messagedispatch.dispatch.run.DispatchProperties;
import io.messagedispatch.dispatch.run.InstanceId;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether the processor runs, for the whole cluster: kept in MongoDB so that every
 * instance obeys a start or stop and it survives restarts. Until an operator says
 * otherwise, {@code messaging.processor.auto-start} decides.
 */
@Component
public class ProcessorSwitch {

	private static final Logger log = LoggerFactory.getLogger(ProcessorSwitch.class);

	private static final String ID = "dispatch";

	private final MongoCollection<Document> state;

	private final boolean autoStart;

	private final String instance;

	private final Clock clock;

	ProcessorSwitch(MongoTemplate mongo, DispatchProperties properties, InstanceId instance, Clock clock) {
		this.state = mongo.getCollection("processor_state");
		this.autoStart = properties.autoStart();
		this.instance = instance.value();
		this.clock = clock;
	}

	public boolean isRunning() {
		Document current = this.state.find(Filters.eq("_id", ID)).first();
		return current == null ? this.autoStart : current.getBoolean("running", this.autoStart);
	}

	public void start() {
		set(true);
	}

	public void stop() {
		set(false);
	}

	private void set(boolean running) {
		this.state.updateOne(Filters.eq("_id", ID), Updates.combine(Updates.set("running", running),
				Updates.set("updatedAt", Date.from(this.clock.instant())), Updates.set("updatedBy", this.instance)),
				new UpdateOptions().upsert(true));
		log.info("Message processor {} for the cluster by instance {}", running ? "started" : "stopped", this.instance);
	}

}
