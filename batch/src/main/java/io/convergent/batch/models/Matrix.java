package io.convergent.batch.models;

import java.util.Arrays;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Rows of features (float, as XGBoost holds them) and their 0/1 labels, row-major. */
final class Matrix {

    private final float[] values;
    private final int[] labels;
    private final int columns;

    private Matrix(float[] values, int[] labels, int columns) {
        this.values = values;
        this.labels = labels;
        this.columns = columns;
    }

    int rows() {
        return labels.length;
    }

    long positives() {
        return Arrays.stream(labels).filter(l -> l == 1).count();
    }

    int[] labels() {
        return labels;
    }

    /** Row {@code i}, as the doubles a scorer reads. */
    double[] row(int i) {
        double[] row = new double[columns];
        for (int c = 0; c < columns; c++) {
            row[c] = values[i * columns + c];
        }
        return row;
    }

    Matrix slice(int from, int to) {
        return new Matrix(
                Arrays.copyOfRange(values, from * columns, to * columns),
                Arrays.copyOfRange(labels, from, to),
                columns);
    }

    DMatrix toDMatrix() throws XGBoostError {
        DMatrix matrix = new DMatrix(values, rows(), columns, Float.NaN);
        float[] floatLabels = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            floatLabels[i] = labels[i];
        }
        matrix.setLabel(floatLabels);
        return matrix;
    }

    static final class Builder {
        private final int columns;
        private float[] values = new float[1024];
        private int[] labels = new int[64];
        private int rows;

        Builder(int columns) {
            this.columns = columns;
        }

        Builder add(double[] row, int label) {
            if (row.length != columns) {
                throw new IllegalArgumentException(
                        row.length + " values for " + columns + " columns");
            }
            if ((rows + 1) * columns > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, (rows + 1) * columns));
            }
            if (rows == labels.length) {
                labels = Arrays.copyOf(labels, rows * 2);
            }
            for (int c = 0; c < columns; c++) {
                values[rows * columns + c] = (float) row[c];
            }
            labels[rows++] = label;
            return this;
        }

        Matrix build() {
            return new Matrix(
                    Arrays.copyOf(values, rows * columns), Arrays.copyOf(labels, rows), columns);
        }
    }
}
