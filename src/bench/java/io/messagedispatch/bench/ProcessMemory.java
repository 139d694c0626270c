package io.messagedispatch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark JVM's own memory: peak heap from the heap pools' peak usage, and peak resident set size from
 * {@code /proc/self/status}. Both peaks are reset before each contender runs ({@code clear_refs} resets
 * {@code VmHWM}), so each is charged only with its own run.
 */
final class ProcessMemory {

	private static final Path STATUS = Path.of("/proc/self/status");

	private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

	private ProcessMemory() {
	}

	/** Collects garbage and resets the peaks; returns whether the RSS peak could be reset. */
	static boolean resetPeaks() {
		System.gc();
		heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
		try {
			Files.writeString(CLEAR_REFS, "5");
			return true;
		}
		catch (IOException | SecurityException ex) {
			return false;
		}
	}

	/** The sum of the heap pools' peak usage since the last reset, in bytes (an upper bound of the true peak). */
	static long peakHeap() {
		return heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
	}

	static long heapUsed() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/** Peak resident set size in bytes ({@code VmHWM}), or -1 where /proc is not readable. */
	static long peakRss() {
		return statusKilobytes("VmHWM:") * 1024;
	}

	/** Current resident set size in bytes ({@code VmRSS}), or -1 where /proc is not readable. */
	static long rss() {
		return statusKilobytes("VmRSS:") * 1024;
	}

	private static long statusKilobytes(String field) {
		try {
			for (String line : Files.readAllLines(STATUS)) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			return -1;
		}
		return -1;
	}

	private static List<MemoryPoolMXBean> heapPools() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter(pool -> pool.getType() == MemoryType.HEAP && pool.isValid())
			.toList();
	}

}
