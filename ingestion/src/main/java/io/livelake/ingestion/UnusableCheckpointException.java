package io.livelake.ingestion;

/**
 * The streaming checkpoint cannot be used with these tables: it belongs to other tables, or one of its
 * files is damaged. The message is one line naming the table or the file, the checkpoint directory
 * and the recovery (`livelake ingest --recover`). An IllegalArgumentException, since, like a bad flag,
 * it is an input the user has to act on: the command line prints it as that one line.
 */
public final class UnusableCheckpointException extends IllegalArgumentException {
  UnusableCheckpointException(String message) { super(message); }
}
