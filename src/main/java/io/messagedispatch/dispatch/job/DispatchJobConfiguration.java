package io.messagedispatch.dispatch.job;

import java.time.Clock;

import io.messagedispatch.dispatch.ProcessorSwitch;
import io.messagedispatch.dispatch.run.DispatchMetrics;
import io.messagedispatch.dispatch.run.DispatchProperties;
import io.messagedispatch.dispatch.run.DispatchShutdown;
import io.messagedispatch.dispatch.run.DispatchTimings;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageRules;
import io.messagedispatch.observability.MdcTaskDecorator;
import io.messagedispatch.provider.CircuitBreaker;
import io.messagedispatch.provider.ProviderClient;
import io.messagedispatch.queue.DeliveryOutcome;
import io.messagedispatch.queue.ImportedMessages;
import io.messagedispatch.queue.MessageQueue;
import io.messagedispatch.receipt.ReceiptCache;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The dispatch job: one chunk-oriented step that claims due messages (reader), sends each
 * to the provider (processor, concurrently within a chunk) and records the outcomes and
 * caches the receipts (writer). The run's parameters (owner, budget, deadline) come from
 * {@link CurrentRun}. Job metadata stays in Spring Batch's resourceless repository;
 * {@link DispatchRuns} keeps the run history.
 */
@Configuration(proxyBeanMethods = false)
class DispatchJobConfiguration {

	static final String JOB_NAME = "messageDispatch";

	@Bean
	Job messageDispatchJob(JobRepository jobRepository, Step dispatchStep) {
		return new JobBuilder(JOB_NAME, jobRepository).start(dispatchStep).build();
	}

	@Bean
	Step dispatchStep(JobRepository jobRepository, ClaimingMessageReader claimingMessageReader,
			SendingProcessor sendingProcessor, DeliveryWriter deliveryWriter, DispatchProperties properties,
			ThreadPoolTaskExecutor sendExecutor) {
		ChunkOrientedStepBuilder<Message, DeliveryOutcome> step = new StepBuilder("dispatch", jobRepository)
			.<Message, DeliveryOutcome>chunk(properties.chunkSize())
			.reader(claimingMessageReader)
			.processor(sendingProcessor)
			.writer(deliveryWriter);
		if (properties.sendConcurrency() > 1) {
			step.taskExecutor(sendExecutor);
		}
		return step.build();
	}

	@Bean
	ClaimingMessageReader claimingMessageReader(MessageQueue queue, ImportedMessages imported,
			ProcessorSwitch processorSwitch, CircuitBreaker circuit, DispatchShutdown shutdown, CurrentRun currentRun,
			DispatchProperties properties, DispatchTimings timings, Clock clock, DispatchMetrics metrics) {
		return new ClaimingMessageReader(queue, imported, processorSwitch, circuit, shutdown::isShuttingDown,
				currentRun, properties.chunkSize(), timings, clock, metrics);
	}

	@Bean
	SendingProcessor sendingProcessor(MessageRules rules, ProviderClient provider, RetrySchedule retrySchedule,
			Clock clock, CurrentRun currentRun) {
		return new SendingProcessor(rules, provider, retrySchedule, clock, currentRun);
	}

	@Bean
	DeliveryWriter deliveryWriter(MessageQueue queue, ReceiptCache receipts, CurrentRun currentRun,
			MeterRegistry meters, UnrecordedOutcomes unrecorded, ApplicationEventPublisher events) {
		return new DeliveryWriter(queue, receipts, currentRun, meters, unrecorded, events);
	}

	@Bean
	ThreadPoolTaskExecutor sendExecutor(DispatchProperties properties) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(properties.sendConcurrency());
		executor.setMaxPoolSize(properties.sendConcurrency());
		executor.setThreadNamePrefix("send-");
		executor.setTaskDecorator(new MdcTaskDecorator());
		executor.setWaitForTasksToCompleteOnShutdown(true);
		return executor;
	}

}
