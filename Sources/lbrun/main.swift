import LBRunKit

LBRunCommand.runMain()
