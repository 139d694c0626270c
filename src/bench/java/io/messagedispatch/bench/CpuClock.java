package io.messagedispatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of processes, and how busy the whole machine was, from {@code /proc}: it shows which process the cores
 * went to, and how much of them other work on the machine took during a run.
 */
final class CpuClock {

	private static final double TICKS_PER_SECOND = 100.0;

	private CpuClock() {
	}

	/** User plus system CPU time of the process in microseconds, or -1 where /proc cannot tell. */
	static long processMicros(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return (long) (ticks / TICKS_PER_SECOND * 1_000_000);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * User plus system CPU time of this process's children that have ended and been
	 * waited for, in microseconds, or -1 where /proc cannot tell.
	 */
	static long childrenMicros() {
		try {
			String stat = Files.readString(Path.of("/proc", "self", "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
			return (long) (ticks / TICKS_PER_SECOND * 1_000_000);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** The machine's busy and total CPU ticks so far, across all cores, or zeros where /proc cannot tell. */
	static long[] machineTicks() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < fields.length; i++) {
				total += Long.parseLong(fields[i]);
			}
			long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
			return new long[] { total - idle, total };
		}
		catch (IOException | RuntimeException ex) {
			return new long[] { 0, 0 };
		}
	}

}
