import sys

from dino_spark_job.main import main

sys.exit(main())
