"""parcli: hồ sơ tự đánh giá, chấm điểm Chỉ số cải cách hành chính (PAR INDEX)."""

__version__ = "0.1.0"
