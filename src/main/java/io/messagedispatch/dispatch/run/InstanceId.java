package io.messagedispatch.dispatch.run;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Names this running instance in claims, locks and run records: host, process and a
 * random part, so that a restarted process never passes for the old one.
 */
@Component
public class InstanceId {

	private final String value;

	InstanceId() {
		this.value = host() + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
				+ UUID.randomUUID().toString().substring(0, 8);
	}

	public String value() {
		return this.value;
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown-host";
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
