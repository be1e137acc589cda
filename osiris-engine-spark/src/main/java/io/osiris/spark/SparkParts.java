package io.osiris.spark;

import io.osiris.api.ExecutionFailedException;
import io.osiris.core.engine.TransformEngine.FileFormat;
import io.osiris.core.write.FileMoves;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.spark.sql.Observation;

/**
 * The part files Spark's tasks wrote for one file load, joined into the one file the load names,
 * in partition order and without decoding a row: Parquet row groups are copied as they are (one
 * footer for all), CSV parts follow the one header, JSON lines are concatenated.
 */
final class SparkParts {
    private SparkParts() {
    }

    /** The part files in {@code directory}, in partition order (Spark numbers them {@code part-00000...}). */
    static List<Path> list(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        } catch (IOException e) {
            throw new ExecutionFailedException("Cannot list what Spark wrote in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** Joins {@code parts} into {@code target}; {@code columns} name a CSV file's header. */
    static void join(List<Path> parts, FileFormat format, List<String> columns, Path target) {
        try {
            switch (format.target()) {
                case PARQUET -> parquet(parts, target);
                case CSV -> concatenate(header(columns), parts, target);
                case JSON -> concatenate(new byte[0], parts, target);
                default -> throw new IllegalArgumentException("not a file format: " + format.target());
            }
        } catch (IOException e) {
            throw new ExecutionFailedException("Cannot join Spark's part files into " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /** The rows an observed write counted. */
    static long rows(Observation written) {
        try {
            Object rows = written.getAsJava().get("rows");
            return rows == null ? 0 : ((Number) rows).longValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionFailedException("Interrupted while counting the rows written", e);
        }
    }

    private static void parquet(List<Path> parts, Path target) throws IOException {
        if (parts.size() == 1) {
            FileMoves.replace(parts.get(0), target);
            return;
        }
        if (parts.isEmpty()) {
            throw new ExecutionFailedException("Spark wrote no Parquet file for " + target);
        }
        FileMetaData first;
        try (ParquetFileReader reader = ParquetFileReader.open(new PartFile(parts.get(0)))) {
            first = reader.getFooter().getFileMetaData();
        }
        ParquetFileWriter writer = new ParquetFileWriter(new LocalOutputFile(target), first.getSchema(),
                ParquetFileWriter.Mode.OVERWRITE, ParquetWriter.DEFAULT_BLOCK_SIZE, ParquetWriter.MAX_PADDING_SIZE_DEFAULT);
        writer.start();
        for (Path part : parts) {
            writer.appendFile(new PartFile(part));
        }
        Map<String, String> metadata = first.getKeyValueMetaData();
        writer.end(metadata);
    }

    private static void concatenate(byte[] head, List<Path> parts, Path target) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(head));
            for (Path part : parts) {
                try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
                    long size = in.size();
                    long done = 0;
                    while (done < size) {
                        done += in.transferTo(done, size - done, out);
                    }
                }
            }
        }
    }

    /** The CSV header line as DuckDB writes it: a name quoted only when it must be. */
    static byte[] header(List<String> columns) {
        StringBuilder line = new StringBuilder();
        for (String name : columns) {
            if (line.length() > 0) {
                line.append(',');
            }
            boolean quote = name.isEmpty() || name.indexOf(',') >= 0 || name.indexOf('"') >= 0
                    || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0;
            line.append(quote ? '"' + name.replace("\"", "\"\"") + '"' : name);
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A part file for Parquet's reader, read in blocks through a {@link FileChannel}: Parquet's own
     * {@code LocalInputFile} reads an array a byte at a time, which made joining 2M rows take a minute.
     */
    private record PartFile(Path path) implements InputFile {
        @Override
        public long getLength() throws IOException {
            return Files.size(path);
        }

        @Override
        public SeekableInputStream newStream() throws IOException {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            return new SeekableInputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] bytes, int offset, int length) throws IOException {
                    return channel.read(ByteBuffer.wrap(bytes, offset, length));
                }

                @Override
                public long getPos() throws IOException {
                    return channel.position();
                }

                @Override
                public void seek(long position) throws IOException {
                    channel.position(position);
                }

                @Override
                public void readFully(byte[] bytes) throws IOException {
                    readFully(ByteBuffer.wrap(bytes));
                }

                @Override
                public void readFully(byte[] bytes, int offset, int length) throws IOException {
                    readFully(ByteBuffer.wrap(bytes, offset, length));
                }

                @Override
                public int read(ByteBuffer buffer) throws IOException {
                    return channel.read(buffer);
                }

                @Override
                public void readFully(ByteBuffer buffer) throws IOException {
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer) < 0) {
                            throw new EOFException("Reached the end of " + path + " with " + buffer.remaining()
                                    + " bytes still to read");
                        }
                    }
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }
    }
}
