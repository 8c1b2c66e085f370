# Models of the income evaluation (income records, enrollments, targets, reports).
