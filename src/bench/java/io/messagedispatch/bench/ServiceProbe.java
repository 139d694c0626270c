package io.messagedispatch.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.messagedispatch.provider.ProviderClient;
import io.messagedispatch.queue.MessageQueue;
import io.messagedispatch.receipt.ReceiptCache;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Watches the real service from outside its code: it wraps the provider client, the message store and the receipt
 * cache in timing proxies. A chunk ends when its receipts are cached; the chunk's overhead is the part of its wall
 * time during which none of its provider requests was in flight (claiming, marking, caching, the batch framework),
 * shared by its messages.
 */
final class ServiceProbe implements BeanPostProcessor {

	final Histogram providerLatency = new Histogram();

	final Histogram overheadPerMessage = new Histogram();

	final AtomicLong done = new AtomicLong();

	final AtomicLong recordNanos = new AtomicLong();

	final AtomicLong cacheNanos = new AtomicLong();

	private final Object lock = new Object();

	private int inFlight;

	private long busySince;

	private long busyNanos;

	private long chunkStart;

	private long busyAtChunkStart;

	private int chunkMessages;

	/** Starts counting afresh: the next chunk begins now. */
	void reset() {
		synchronized (this.lock) {
			this.inFlight = 0;
			this.busyNanos = 0;
			this.busyAtChunkStart = 0;
			this.chunkMessages = 0;
			this.chunkStart = System.nanoTime();
		}
		this.done.set(0);
		this.recordNanos.set(0);
		this.cacheNanos.set(0);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ProviderClient) {
			return proxy(bean, invocation -> {
				if (!"send".equals(invocation.getMethod().getName())) {
					return invocation.proceed();
				}
				long started = sendStarted();
				try {
					return invocation.proceed();
				}
				finally {
					this.providerLatency.record(sendEnded() - started);
				}
			});
		}
		if (bean instanceof MessageQueue) {
			return proxy(bean, invocation -> {
				if (!"record".equals(invocation.getMethod().getName())) {
					return invocation.proceed();
				}
				long started = System.nanoTime();
				try {
					return invocation.proceed();
				}
				finally {
					this.recordNanos.addAndGet(System.nanoTime() - started);
					synchronized (this.lock) {
						this.chunkMessages += ((List<?>) invocation.getArguments()[1]).size();
					}
				}
			});
		}
		if (bean instanceof ReceiptCache) {
			return proxy(bean, invocation -> {
				if (!"putAll".equals(invocation.getMethod().getName())) {
					return invocation.proceed();
				}
				long started = System.nanoTime();
				try {
					return invocation.proceed();
				}
				finally {
					long ended = System.nanoTime();
					this.cacheNanos.addAndGet(ended - started);
					chunkEnded(ended);
				}
			});
		}
		return bean;
	}

	private long sendStarted() {
		long now = System.nanoTime();
		synchronized (this.lock) {
			if (this.inFlight++ == 0) {
				this.busySince = now;
			}
		}
		return now;
	}

	private long sendEnded() {
		long now = System.nanoTime();
		synchronized (this.lock) {
			if (--this.inFlight == 0) {
				this.busyNanos += now - this.busySince;
			}
		}
		return now;
	}

	private void chunkEnded(long now) {
		int messages;
		long idle;
		synchronized (this.lock) {
			messages = this.chunkMessages;
			idle = (now - this.chunkStart) - (this.busyNanos - this.busyAtChunkStart);
			this.chunkStart = now;
			this.busyAtChunkStart = this.busyNanos;
			this.chunkMessages = 0;
		}
		if (messages > 0) {
			this.overheadPerMessage.record(idle / messages, messages);
			this.done.addAndGet(messages);
		}
	}

	private static Object proxy(Object target, MethodInterceptor interceptor) {
		if (target instanceof Advised advised) {
			advised.addAdvice(0, interceptor);
			return target;
		}
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(true);
		factory.addAdvice(interceptor);
		return factory.getProxy(target.getClass().getClassLoader());
	}

}
